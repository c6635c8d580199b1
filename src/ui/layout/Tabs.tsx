import { useState, type ReactNode } from "react";

type Tab = { id: string; label: string; render: () => ReactNode; title?: string };

type Props = {
  tabs: Tab[];
  label: string;
  /** Controlled mode (keyboard shortcuts, "open in …" actions); uncontrolled without it. */
  active?: string;
  onSelect?: (id: string) => void;
  /** Keep inactive panels mounted (hidden) so their forms, editors and scroll positions survive a switch. */
  keepMounted?: boolean;
  /** Buttons at the end of the tab row (maximize). */
  actions?: ReactNode;
};

/** Only the active tab is mounted by default: a chart in a hidden tab would measure 0×0 anyway. */
export function Tabs({ tabs, label, active: controlled, onSelect, keepMounted = false, actions }: Props) {
  const [own, setOwn] = useState(tabs[0].id);
  const active = controlled ?? own;
  const tab = tabs.find((t) => t.id === active) ?? tabs[0];
  const select = (id: string) => (onSelect ? onSelect(id) : setOwn(id));
  return (
    <div className="tabs">
      <div className="tab-list" role="tablist" aria-label={label}>
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={t.id === tab.id}
            data-tab={t.id}
            title={t.title}
            onClick={() => select(t.id)}
          >
            {t.label}
          </button>
        ))}
        {actions && <span className="tab-actions">{actions}</span>}
      </div>
      {keepMounted ? (
        tabs.map((t) => (
          <div key={t.id} className="tab-panel" role="tabpanel" data-panel={t.id} hidden={t.id !== tab.id}>
            {t.render()}
          </div>
        ))
      ) : (
        <div className="tab-panel" role="tabpanel">
          {tab.render()}
        </div>
      )}
    </div>
  );
}
