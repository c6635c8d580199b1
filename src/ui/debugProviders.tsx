import type { ReactNode } from "react";
import { CompareProvider } from "./compare/CompareContext.js";
import { GraphqlProvider } from "./graphql/GraphqlContext.js";
import { HistoryProvider } from "./history/HistoryContext.js";
import { PasteBox, PasteNoticeView } from "./paste/PasteBox.js";
import { PasteProvider } from "./paste/PasteContext.js";
import { PlanStatementProvider } from "./plan/PlanStatementContext.js";
import { ShareProvider } from "./share/ShareContext.js";

/** Paste detection, shared links, run history, compare mode and the plan pane's picked statement: they need the query, SQL and panes contexts. */
export function DebugProviders({ children }: { children: ReactNode }) {
  return (
    <CompareProvider>
      <ShareProvider>
        <HistoryProvider>
          <GraphqlProvider>
            <PasteProvider>
              <PlanStatementProvider>{children}</PlanStatementProvider>
              <PasteBox />
              <PasteNoticeView />
            </PasteProvider>
          </GraphqlProvider>
        </HistoryProvider>
      </ShareProvider>
    </CompareProvider>
  );
}
