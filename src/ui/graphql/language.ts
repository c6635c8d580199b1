// GraphQL in Monaco without monaco-graphql (its Monaco range stops below the bundled version):
// a small Monarch tokenizer, and completion, hover docs and diagnostics from graphql-language-service
// against the subgraph's schema, on the main thread (the documents are a few lines).
import { buildSchema, type GraphQLSchema } from "graphql";
import { getAutocompleteSuggestions, getDiagnostics, getHoverInformation, Position } from "graphql-language-service";
import { monaco } from "../editor/monacoSetup.js";

export const GRAPHQL_LANGUAGE = "graphql";
let schema: GraphQLSchema | null = null;
let registered = false;

type Model = ReturnType<typeof monaco.editor.createModel>;
const cursorOf = (p: { lineNumber: number; column: number }) => new Position(p.lineNumber - 1, p.column - 1);

/** Registers the language once; a later schema (another backend) replaces the one completion reads. */
export function registerGraphql(sdl: string): void {
  schema = buildSchema(sdl);
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: GRAPHQL_LANGUAGE });
  monaco.languages.setLanguageConfiguration(GRAPHQL_LANGUAGE, {
    comments: { lineComment: "#" },
    brackets: [
      ["{", "}"],
      ["[", "]"],
      ["(", ")"],
    ],
    autoClosingPairs: [
      { open: "{", close: "}" },
      { open: "[", close: "]" },
      { open: "(", close: ")" },
      { open: '"', close: '"', notIn: ["string"] },
    ],
  });
  monaco.languages.setMonarchTokensProvider(GRAPHQL_LANGUAGE, {
    keywords: ["query", "mutation", "subscription", "fragment", "on", "true", "false", "null"],
    tokenizer: {
      root: [
        [/#.*$/, "comment"],
        [/"""/, "string", "@block"],
        [/"([^"\\]|\\.)*"/, "string"],
        [/\$[A-Za-z_]\w*/, "variable"],
        [/@[A-Za-z_]\w*/, "annotation"],
        [/-?\d+(\.\d+)?([eE][+-]?\d+)?/, "number"],
        [/[A-Za-z_]\w*/, { cases: { "@keywords": "keyword", "@default": "identifier" } }],
        [/[{}()[\]]/, "@brackets"],
      ],
      block: [
        [/"""/, "string", "@pop"],
        [/./, "string"],
      ],
    },
  });
  monaco.languages.registerCompletionItemProvider(GRAPHQL_LANGUAGE, {
    triggerCharacters: ["{", "(", ":", " ", "$", "\n"],
    provideCompletionItems(model, position) {
      if (!schema) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
      const items = getAutocompleteSuggestions(schema, model.getValue(), cursorOf(position));
      // Incomplete: the fields depend on where the cursor is, so Monaco asks again as the user types.
      return {
        incomplete: true,
        suggestions: items.map((item) => ({
          label: item.label,
          kind: monaco.languages.CompletionItemKind.Field,
          detail: item.detail ?? undefined,
          documentation: item.documentation ?? undefined,
          insertText: item.label,
          range,
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider(GRAPHQL_LANGUAGE, {
    provideHover(model, position) {
      if (!schema) return null;
      const info = getHoverInformation(schema, model.getValue(), cursorOf(position));
      const text = typeof info === "string" ? info : Array.isArray(info) ? info.join("\n\n") : "";
      return text ? { contents: [{ value: text }] } : null;
    },
  });
}

/** The document's syntax and schema errors as markers (what the server would refuse before running). */
export function markGraphql(model: Model, owner: string): void {
  const diagnostics = schema ? getDiagnostics(model.getValue(), schema) : [];
  monaco.editor.setModelMarkers(
    model,
    owner,
    diagnostics.map((d) => ({
      severity: d.severity === 1 ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      message: typeof d.message === "string" ? d.message : d.message.value,
      startLineNumber: d.range.start.line + 1,
      startColumn: d.range.start.character + 1,
      endLineNumber: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
    })),
  );
}
