// What scripts print, for the log pane (src/ui/logs): each run's console lines (its own console.*
// and the engine's, e.g. the default loggers) as they arrive. Kept apart from the Script pane's
// session, which is loaded with the pane, so the log pane imports nothing else of the script's.
import { createScriptLog } from "../../playground/logs.js";
import { useStore } from "../hooks/useStore.js";

export const scriptLog = createScriptLog();

export const useScriptLog = () => useStore(scriptLog).runs;
