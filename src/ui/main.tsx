import { startBootEarly } from "../client/connect.js";
import { marks } from "./testHook.js";

// The engine boots while the React bundle (Monaco's shell, Recharts, the panes) is still loading.
const now = performance.now();
if (startBootEarly()) marks.bootStart = now;

const [{ StrictMode, createElement }, { createRoot }, { App }] = await Promise.all([
  import("react"),
  import("react-dom/client"),
  import("./App.js"),
  import("./styles.css"),
]);
createRoot(document.getElementById("root")!).render(createElement(StrictMode, null, createElement(App)));
