import type { PaneSpec } from "../layout/PanesContext.js";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? "⌘" : "Ctrl";
const ALT = isMac ? "⌥" : "Alt";

/** What the help overlay lists; ShortcutsProvider implements exactly these. */
export const shortcutsFor = (panes: readonly PaneSpec[]): { keys: string; does: string }[] => [
  { keys: `${MOD}+Enter`, does: "Run the query (in the query editor, or with the focus outside any editor or form)" },
  { keys: `${MOD}+Enter`, does: "In the SQL editor: run the selection, or every statement" },
  // Alt+1…9 only: the panes after the ninth are reached by their tabs.
  ...panes.slice(0, 9).map((p, i) => ({ keys: `${ALT}+${i + 1}`, does: `Show ${p.label}` })),
  { keys: `${ALT}+E`, does: "Focus the query editor" },
  { keys: `${ALT}+S`, does: "Show and focus the SQL editor" },
  { keys: `${ALT}+F`, does: "Filter the dimension tree" },
  { keys: `${ALT}+T`, does: "Toggle the dark / light theme" },
  { keys: "?", does: "Show this help (outside editors and forms)" },
  { keys: "Esc", does: "Close this help" },
];

/** Typing targets: a shortcut made of a plain character must not steal the character. */
export const isEditable = (target: EventTarget | null) =>
  target instanceof Element &&
  !!target.closest("input, textarea, select, [contenteditable='true'], [contenteditable=''], .monaco-editor");
