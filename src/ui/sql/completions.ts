import { monaco } from "../editor/monacoSetup.js";

/** The store's tables and columns (see the engine's schema), quoted as Postgres needs them. */
const TABLES: Record<string, string[]> = {
  AnalyticsSeries: ["id", "source", "start", '"end"', "metric", "value", "unit", "fn", "params"],
  AnalyticsDimension: ["id", "dimension", "path", "label", "icon", "description"],
  AnalyticsSeries_AnalyticsDimension: ['"seriesId"', '"dimensionId"'],
};

let registered = false;

/** Table and column names as completions in every pgsql model; Monaco's pgsql already knows the keywords. */
export function registerSqlCompletions(): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider("pgsql", {
    triggerCharacters: ['"'],
    provideCompletionItems(model, position) {
      const word = model.getWordUntilPosition(position);
      // A `"` typed before the word belongs to the inserted name.
      const quoted =
        model.getValueInRange({
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: word.startColumn - 1,
          endColumn: word.startColumn,
        }) === '"';
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn - (quoted ? 1 : 0),
        endColumn: word.endColumn,
      };
      const item = (label: string, kind: monaco.languages.CompletionItemKind, detail: string) => ({
        label,
        kind,
        detail,
        insertText: label,
        range,
        filterText: label.replaceAll('"', ""),
      });
      const suggestions = Object.entries(TABLES).flatMap(([table, columns]) => [
        item(`"${table}"`, monaco.languages.CompletionItemKind.Struct, "table"),
        ...columns.map((c) => item(c, monaco.languages.CompletionItemKind.Field, `${table} column`)),
      ]);
      return { suggestions };
    },
  });
}
