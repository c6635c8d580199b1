import { useCallback, useEffect, useState } from "react";
import { useEngine } from "../connection/EngineContext.js";
import { checkName, deleteDatabase, describeStore, listDatabases, urlFor, type DatabaseEntry } from "./databases.js";

/**
 * The databases this browser holds for the playground (PGlite names them `/pglite/<name>` in
 * IndexedDB): open one, create one, delete one no tab has open. Opening reloads the page with
 * `?store=idb&db=<name>`; the in-memory demo is the page without those.
 */
export function StorePanel() {
  const { store, params } = useEngine();
  const [list, setList] = useState<DatabaseEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [content, setContent] = useState<"demo" | "empty">("demo");

  const reload = useCallback(() => {
    listDatabases().then(setList, (e: unknown) =>
      setError(`cannot list IndexedDB databases: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, []);
  useEffect(reload, [reload]);

  const current =
    store?.kind === "memory" ? null : (store?.name ?? (params.store.kind === "idb" ? params.store.name : null));
  const open = (db: string) => location.assign(urlFor({ kind: "idb", name: db }));
  const remove = async (db: string) => {
    setConfirming(null);
    try {
      await deleteDatabase(db);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    reload();
  };
  const create = () => {
    const wanted = name.trim();
    const problem = wanted === "" ? "enter a name for the new database, e.g. budgets-2024" : checkName(wanted);
    if (problem) return setError(problem);
    if (list?.some((d) => d.name === wanted))
      return setError(`"${wanted}" exists already: open it from the list, or choose another name`);
    location.assign(urlFor({ kind: "idb", name: wanted }, { count: content === "empty" ? "0" : String(params.count) }));
  };

  return (
    <div className="store-panel" data-testid="store-panel">
      <div className="store-current">
        Now: <strong data-testid="store-current">{store ? describeStore(store) : "nothing open yet"}</strong>
      </div>
      <table className="store-list">
        <tbody>
          <tr data-testid="db-row" data-name="">
            <td>
              <em>in-memory demo</em>
            </td>
            <td className="muted">not saved; {params.count.toLocaleString("en-US")} series</td>
            <td>
              <button
                onClick={() => location.assign(urlFor({ kind: "memory" }))}
                disabled={store?.kind === "memory"}
                data-testid="db-open-memory"
              >
                Open
              </button>
            </td>
          </tr>
          {list?.map((d) => {
            const here = d.name === current;
            return (
              <tr key={d.name} data-testid="db-row" data-name={d.name} data-in-use={d.inUse}>
                <td>
                  <code>{d.name}</code>
                </td>
                <td className="muted">
                  {here
                    ? store?.kind === "idb-copy"
                      ? "a copy is open here"
                      : "open here"
                    : d.inUse
                      ? "open in another tab"
                      : "IndexedDB"}
                </td>
                <td className="store-actions">
                  <button onClick={() => open(d.name)} disabled={here && store?.kind === "idb"} data-testid="db-open">
                    Open
                  </button>
                  {confirming === d.name ? (
                    <button className="danger" onClick={() => void remove(d.name)} data-testid="db-delete-confirm">
                      Delete “{d.name}”?
                    </button>
                  ) : (
                    <button
                      onClick={() => setConfirming(d.name)}
                      disabled={here || d.inUse}
                      title={
                        here
                          ? "the open database cannot be deleted"
                          : d.inUse
                            ? "open in another tab"
                            : "delete this database"
                      }
                      data-testid="db-delete"
                    >
                      Delete
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {list && list.length === 0 && <div className="muted">No IndexedDB databases yet.</div>}
      <form
        className="store-create"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <input
          aria-label="New database name"
          placeholder="new database name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-testid="db-new-name"
        />
        <select
          aria-label="New database content"
          value={content}
          onChange={(e) => setContent(e.target.value as "demo" | "empty")}
          data-testid="db-new-content"
        >
          <option value="demo">with the demo ({params.count.toLocaleString("en-US")} series)</option>
          <option value="empty">empty</option>
        </select>
        <button type="submit" className="primary" data-testid="db-create">
          Create and open
        </button>
      </form>
      {error && (
        <div className="error-text" role="alert" data-testid="db-error">
          {error}
        </div>
      )}
    </div>
  );
}
