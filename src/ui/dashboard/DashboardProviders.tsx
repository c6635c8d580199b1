import type { ReactNode } from "react";
import { LayoutProvider } from "../layout/LayoutContext.js";
import { PresentProvider } from "../present/PresentContext.js";
import { DashboardProvider } from "./DashboardContext.js";
import { SHARE_PREFIX } from "../../playground/dashboard.js";

/** Layout (view, maximized region, splitters), dashboards and presentation mode. A shared dashboard link opens on the dashboard. */
export function DashboardProviders({ children }: { children: ReactNode }) {
  const initial =
    location.hash.startsWith(SHARE_PREFIX) || new URLSearchParams(location.search).get("view") === "dashboard"
      ? "dashboard"
      : "workbench";
  return (
    <LayoutProvider initialView={initial}>
      <DashboardProvider>
        <PresentProvider>{children}</PresentProvider>
      </DashboardProvider>
    </LayoutProvider>
  );
}
