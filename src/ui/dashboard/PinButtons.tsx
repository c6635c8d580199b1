import { useState } from "react";
import type { QueryJson } from "../../rpc/protocol.js";
import type { ChartSettings } from "../../playground/chartSettings.js";
import { useLayout } from "../layout/LayoutContext.js";
import { usePresent } from "../present/PresentContext.js";
import { useDashboards } from "./DashboardContext.js";
import type { Tile } from "../../playground/dashboardFile.js";

type Props = { query: QueryJson; settings: ChartSettings; title: string };

/** The chart pane's way out: pin the shown query to the dashboard, or present it full screen. */
export function PinButtons({ query, settings, title }: Props) {
  const { dashboard, pin } = useDashboards();
  const { setView } = useLayout();
  const { present } = usePresent();
  const [pinned, setPinned] = useState<string | null>(null);
  const { title: _title, ...chart } = settings;
  const tile: Omit<Tile, "id"> = { title, query: { kind: "series", query }, chart, size: "medium" };
  return (
    <>
      <button
        data-testid="chart-pin"
        title={`Add this chart, with its settings, to the dashboard “${dashboard.title}”`}
        onClick={() => setPinned(pin(tile).id)}
      >
        Pin
      </button>
      {pinned && (
        <button className="link" data-testid="chart-pinned" onClick={() => setView("dashboard")}>
          pinned ✓ open
        </button>
      )}
      <button
        data-testid="chart-present"
        title="Show this chart alone, full screen (Esc to leave)"
        onClick={() => present(title, [{ ...tile, id: "chart" }])}
      >
        Present
      </button>
    </>
  );
}
