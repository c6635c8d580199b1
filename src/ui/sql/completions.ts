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
      const charAt = (column: number) =>
        model.getValueInRange({
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: column,
          endColumn: column + 1,
        });
      // Inside double quotes (`"Analytics|` or, auto-closed, `"Analytics|"`): every name is offered
      // quoted, and the quotes around the cursor belong to the name that replaces them.
      const quoted = charAt(word.startColumn - 1) === '"';
      const closed = quoted && charAt(position.column) === '"';
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn - (quoted ? 1 : 0),
        endColumn: position.column + (closed ? 1 : 0),
      };
      const quote = (name: string) => (name.startsWith('"') ? name : `"${name}"`);
      const item = (name: string, kind: monaco.languages.CompletionItemKind, detail: string) => {
        const label = quoted ? quote(name) : name;
        return { label, kind, detail, insertText: label, range, filterText: quoted ? label : name.replaceAll('"', "") };
      };
      const suggestions = Object.entries(TABLES).flatMap(([table, columns]) => [
        item(quote(table), monaco.languages.CompletionItemKind.Struct, "table"),
        ...columns.map((c) => item(c, monaco.languages.CompletionItemKind.Field, `${table} column`)),
      ]);
      return { suggestions };
    },
  });
}
