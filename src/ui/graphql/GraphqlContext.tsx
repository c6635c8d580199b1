import { useEffect, useMemo, useState, type ReactNode } from "react";
import { createGraphqlEditor, type GraphqlEditor, type GraphqlState as State } from "../../playground/graphql.js";
import { useEngine } from "../connection/EngineContext.js";
import { makeContext } from "../hooks/context.js";
import { useStore } from "../hooks/useStore.js";
import { usePanes } from "../layout/PanesContext.js";
import { useProfiler } from "../profiler/ProfilerContext.js";
import { hook } from "../testHook.js";

const DEFAULT_DOCUMENT = `# Ctrl/⌘+Enter runs. Paste any request an app sends: inline arguments or $variables.
{
  analytics {
    series(filter: {
      start: "2023-01-01", end: "2024-01-01", granularity: quarterly,
      metrics: ["Budget", "Actuals"], currency: "DAI",
      dimensions: [{ name: "budget", select: "atlas", lod: 2 }]
    }) {
      period start end
      rows { dimensions { name path label } metric unit value sum }
    }
  }
}
`;

type GraphqlState = State & Pick<GraphqlEditor, "setDocument" | "setVariables" | "run" | "open">;

const [GraphqlContextProvider, useGraphql] = makeContext<GraphqlState>("Graphql");

/** The GraphQL request (src/playground/graphql.ts) for the pane; `open` also brings the pane forward. */
export function GraphqlProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const { record } = useProfiler();
  const { show } = usePanes();
  const [editor] = useState(() => createGraphqlEditor(client, { record }, DEFAULT_DOCUMENT));
  const state = useStore(editor);
  const value = useMemo(
    () => ({
      ...state,
      setDocument: editor.setDocument,
      setVariables: editor.setVariables,
      run: editor.run,
      open: async (request: { query: string; variables?: string }) => {
        show("graphql");
        await editor.open(request);
      },
    }),
    [state, editor, show],
  );

  useEffect(() => {
    hook.openGraphql = value.open;
  }, [value.open]);

  return <GraphqlContextProvider value={value}>{children}</GraphqlContextProvider>;
}

export { useGraphql };
