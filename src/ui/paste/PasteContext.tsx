import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { RpcError } from "../../client/EngineClient.js";
import type { PasteDto } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { usePanes } from "../layout/PanesContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import { useGraphql } from "../graphql/GraphqlContext.js";
import { useSqlEditor } from "../sql/SqlEditorContext.js";
import { useLatest } from "../hooks/useLatest.js";

/** What the last paste was taken for, shown until dismissed or the next paste. */
export type PasteNotice =
  | { ok: true; format: PasteDto["format"]; title: string; notes: string[] }
  | { ok: false; title: string; message: string };

/** Where a paste came from: the paste box, or the query editor when a paste replaced all of its text. */
export type PasteOrigin = "box" | "editor";

type PasteState = {
  boxOpen: boolean;
  setBoxOpen: (open: boolean) => void;
  /**
   * Recognises `text` and acts on it: a query goes to the editor and runs, SQL to the SQL editor.
   * Resolves with what it did; `editor` pastes of the editor's own format are left alone.
   */
  submit: (text: string, origin: PasteOrigin) => Promise<PasteNotice | null>;
  notice: PasteNotice | null;
  dismiss: () => void;
};

const PasteContext = createContext<PasteState | null>(null);

/** Statements that only read: pasted SQL like this runs at once; anything else waits for Ctrl+Enter. */
const READ_ONLY = /^\s*(?:(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(?:select|explain|table|values|show)\b[^;]*;?\s*)+$/i;
const WRITES = /\b(insert|update|delete|drop|truncate|alter|create|copy|grant|vacuum|call|do)\b/i;
const readsOnly = (sql: string) =>
  READ_ONLY.test(sql) && !WRITES.test(sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, ""));

export function PasteProvider({ children }: { children: ReactNode }) {
  const { client } = useEngine();
  const { setText, run } = useQueryRun();
  const sql = useSqlEditor();
  const { show } = usePanes();
  const [boxOpen, setBoxOpen] = useState(false);
  const [notice, setNotice] = useState<PasteNotice | null>(null);
  const graphql = useGraphql();
  const latest = useLatest({ setText, run, sql, show, graphql });

  const submit = useCallback(
    async (text: string, origin: PasteOrigin): Promise<PasteNotice | null> => {
      const { setText, run, sql, show, graphql } = latest.current;
      let r: PasteDto;
      try {
        r = await client.call("detectPaste", { text });
      } catch (e) {
        const message = e instanceof RpcError ? e.message : String(e);
        const n: PasteNotice = { ok: false, title: "Nothing recognised in this paste", message };
        setNotice(n);
        return n;
      }
      if (r.kind === "sql") {
        sql.open(r.sql);
        const runs = readsOnly(r.sql);
        if (runs) void sql.run();
        const n: PasteNotice = {
          ok: true,
          format: "sql",
          title: `Recognised ${r.label}; opened in the SQL editor`,
          notes: [
            runs
              ? "It only reads, so it ran."
              : "Not run: it may change data. Press Ctrl/⌘+Enter in the SQL editor to run it.",
          ],
        };
        setNotice(n);
        setBoxOpen(false);
        return n;
      }
      if (r.kind === "graphql") {
        const n: PasteNotice = {
          ok: true,
          format: r.format,
          title: `Recognised ${r.label}; it runs in the GraphQL pane`,
          notes: r.notes,
        };
        setNotice(n);
        setBoxOpen(false);
        await graphql.open(r.request);
        return n;
      }
      // The editor's own JSON pasted into the editor is already where it belongs.
      if (origin === "editor" && r.format === "editor") return null;
      const query = r.conversions?.length ? { ...r.query, conversions: r.conversions } : r.query;
      setText(JSON.stringify(query, null, 2));
      show("chart");
      const notes = [...r.notes];
      if (r.conversions?.length) {
        notes.push(
          `Kept ${r.conversions.length} currency conversion${r.conversions.length === 1 ? "" : "s"} (${r.conversions.map((c) => `${c.currency} by ${c.metric}`).join(", ")}) into ${r.query.currency ?? "the query's currency"}.`,
        );
      }
      const n: PasteNotice = {
        ok: true,
        format: r.format,
        title:
          r.format === "editor" ? `Recognised ${r.label}` : `Recognised ${r.label}; converted to the editor's query`,
        notes,
      };
      setNotice(n);
      setBoxOpen(false);
      await run();
      return n;
    },
    [client, latest],
  );

  const dismiss = useCallback(() => setNotice(null), []);
  return (
    <PasteContext.Provider value={{ boxOpen, setBoxOpen, submit, notice, dismiss }}>{children}</PasteContext.Provider>
  );
}

export function usePaste(): PasteState {
  const ctx = useContext(PasteContext);
  if (!ctx) throw new Error("usePaste outside PasteProvider");
  return ctx;
}
