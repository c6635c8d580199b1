import { useState, type ReactNode } from "react";

export type Tab = { id: string; label: string; render: () => ReactNode };

/** Only the active tab is mounted: a chart in a hidden tab would measure 0×0 anyway. */
export function Tabs({ tabs, label }: { tabs: Tab[]; label: string }) {
  const [active, setActive] = useState(tabs[0].id);
  const tab = tabs.find((t) => t.id === active) ?? tabs[0];
  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label}>
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={t.id === tab.id} data-tab={t.id} onClick={() => setActive(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel">
        {tab.render()}
      </div>
    </div>
  );
}
