import { useEngine } from "./EngineContext.js";
import { serverRpcPath, type Backend } from "../../client/connect.js";

const SERVE = "npm run serve -- --pg <connection string>";

/** Reloads the page on the other backend; the query text travels in the URL hash as usual. */
function switchTo(backend: Backend): void {
  const url = new URL(location.href);
  if (backend === "server") {
    url.searchParams.set("backend", "server");
    // The tab's IndexedDB databases do not exist on the server.
    url.searchParams.delete("store");
    url.searchParams.delete("db");
  } else url.searchParams.delete("backend");
  location.assign(url.toString());
}

/** The header's backend switch, and what the booted backend is (server, version, read-only). */
export function BackendSwitch() {
  const { backend, boot } = useEngine();
  const server = serverRpcPath() !== null;
  const info = boot?.backend;
  return (
    <span className="backend-switch">
      <select
        aria-label="Backend"
        data-testid="backend-switch"
        value={backend}
        onChange={(e) => switchTo(e.target.value as Backend)}
        title={server ? "Where the engine runs" : `No server: this page was not opened from \`${SERVE}\``}
      >
        <option value="tab">in this tab (PGlite)</option>
        <option value="server" disabled={!server}>
          server (Postgres)
        </option>
      </select>
      {info?.kind === "postgres" && (
        <span
          className="stat muted"
          data-testid="backend-info"
          data-allow-writes={info.allowWrites}
          title={`PostgreSQL ${info.version ?? ""} at ${info.database ?? ""}`}
        >
          PG {info.version?.split(" ")[0]} · {info.database} · {info.allowWrites ? "writes allowed" : "read-only"}
        </span>
      )}
    </span>
  );
}
