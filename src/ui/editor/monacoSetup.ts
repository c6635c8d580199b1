// Monaco from the bundle, never from a CDN: @monaco-editor/react's loader gets our instance,
// and Monaco's own workers are Vite-bundled module workers.
import { loader } from "@monaco-editor/react";
import * as monaco from "./monacoEntry.js";
import EditorWorker from "monaco-editor/editor/editor.worker.js?worker";
import JsonWorker from "monaco-editor/language/json/json.worker.js?worker";

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === "json" ? new JsonWorker() : new EditorWorker()),
};

loader.config({ monaco });

export { monaco };
export const QUERY_URI = monaco.Uri.parse("inmemory://playground/query.json");
/** Compare's query B: a query too, checked against the same schema. */
export const COMPARE_B_URI = monaco.Uri.parse("inmemory://playground/compare-b.json");

/** What both editors (query and SQL) share, so they look and behave alike. */
export const EDITOR_OPTIONS = {
  minimap: { enabled: false },
  fontSize: 13,
  automaticLayout: true,
  scrollBeyondLastLine: false,
  tabSize: 2,
  fixedOverflowWidgets: true,
} as const;
