import { DebugProviders } from "./debugProviders.js";
import { EngineProvider } from "./connection/EngineContext.js";
import { ShortcutsProvider } from "./help/ShortcutsContext.js";
import { PanesProvider } from "./layout/PanesContext.js";
import { Shell } from "./layout/Shell.js";
import { DashboardProviders } from "./dashboard/DashboardProviders.js";
import { PANES } from "./panes.js";
import { LogsProvider } from "./logs/LogsContext.js";
import { LiveProvider } from "./live/LiveContext.js";
import { ProfilerProvider } from "./profiler/ProfilerContext.js";
import { QueryProvider } from "./query/QueryContext.js";
import { SqlEditorProvider } from "./sql/SqlEditorContext.js";
import { ThemeProvider } from "./theme/ThemeContext.js";

export function App() {
  return (
    <ThemeProvider>
      <PanesProvider panes={PANES}>
        <EngineProvider>
          <LogsProvider>
            <ProfilerProvider>
              <QueryProvider>
                <LiveProvider>
                  <SqlEditorProvider>
                    <ShortcutsProvider>
                      <DebugProviders>
                        <DashboardProviders>
                          <Shell />
                        </DashboardProviders>
                      </DebugProviders>
                    </ShortcutsProvider>
                  </SqlEditorProvider>
                </LiveProvider>
              </QueryProvider>
            </ProfilerProvider>
          </LogsProvider>
        </EngineProvider>
      </PanesProvider>
    </ThemeProvider>
  );
}
