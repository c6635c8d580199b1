import { useEffect, useMemo, useState, type ReactNode } from "react";
import {
  createDashboards,
  currentDashboard,
  type Dashboards,
  type DashboardsState,
} from "../../playground/dashboard.js";
import type { Dashboard } from "../../playground/dashboardFile.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";
import { DEMO_DASHBOARD } from "./demoDashboard.js";

type DashboardState = DashboardsState & { dashboard: Dashboard } & Omit<Dashboards, "get" | "subscribe">;

const [DashboardContextProvider, useDashboards] = makeContext<DashboardState>("Dashboards");

/** Dashboards (src/playground/dashboard.ts), kept in localStorage; the demo's is there from the start. */
export function DashboardProvider({ children }: { children: ReactNode }) {
  const [dashboards] = useState(() => createDashboards(localStorage, DEMO_DASHBOARD));
  const state = useStore(dashboards);
  useEffect(() => void dashboards.openLink(location.hash), [dashboards]);
  const value = useMemo(() => {
    const { get: _get, subscribe: _subscribe, ...methods } = dashboards;
    return { ...state, dashboard: currentDashboard(state), ...methods };
  }, [state, dashboards]);
  return <DashboardContextProvider value={value}>{children}</DashboardContextProvider>;
}

export { useDashboards };
