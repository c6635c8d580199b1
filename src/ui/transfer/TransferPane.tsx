import { useRef, useState } from "react";
import { RpcError } from "../../client/EngineClient.js";
import { MAX_IMPORT_TEXT, MAX_STAGED_BATCH } from "../../rpc/limits.js";
import type { StagedImportDto } from "../../rpc/protocol.js";
import { useEngine } from "../connection/EngineContext.js";
import { usePanes } from "../layout/PanesContext.js";
import { useQueryRun } from "../query/QueryContext.js";
import { chartSvg, svgToPng } from "./chartImage.js";
import { download, resultsToCsv, stamp } from "./exportFiles.js";
import { newStageId, sendText } from "./sendText.js";
import "./transfer.css";

type Format = "auto" | "csv" | "json" | "sql";
/** Rows per addSeries call: each is one transaction, and the bar moves after each. */
/** Rows per storeStaged call: at least this many, and no more than about twenty calls per file. */
const IMPORT_BATCH = 500;
const IMPORT_STEPS = 20;

/** SQL dumps start with a comment, SET, BEGIN or INSERT; JSON with [ or {; anything else is CSV. */
function guessFormat(text: string, name = ""): Exclude<Format, "auto"> {
  const ext = /\.(csv|json|sql)$/i.exec(name)?.[1]?.toLowerCase();
  if (ext === "csv" || ext === "json" || ext === "sql") return ext;
  const head = text.trimStart();
  if (/^[[{]/.test(head)) return "json";
  if (/^(--|\/\*|insert\s|set\s|begin\b|select\s+pg_catalog)/i.test(head)) return "sql";
  return "csv";
}

type ImportState =
  | { phase: "idle" }
  | { phase: "sending" | "checking" | "storing"; done: number; total: number }
  | {
      phase: "done";
      format: Exclude<Format, "auto">;
      imported: number;
      rejected: StagedImportDto["rejected"];
      inserted?: Record<string, number>;
      error?: string;
      elapsedMs: number;
    }
  | { phase: "error"; message: string };

const errorText = (e: unknown) => (e instanceof RpcError ? e.message : e instanceof Error ? e.message : String(e));
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
/** "12.0 of 70.0 MB": both in the unit of the total. */
const sizeOf = (done: number, total: number) =>
  total >= 1e6
    ? `${(done / 1e6).toFixed(1)} of ${mb(total)}`
    : `${(done / 1e3).toFixed(1)} of ${(total / 1e3).toFixed(1)} kB`;

export function TransferPane() {
  return (
    <section className="pane transfer-pane" aria-label="Import and export">
      <div className="scroll transfer-body">
        <ImportSection />
        <ExportSection />
        <DatabaseSection />
      </div>
    </section>
  );
}

function ImportSection() {
  const { client } = useEngine();
  const [text, setText] = useState("");
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [format, setFormat] = useState<Format>("auto");
  const [state, setState] = useState<ImportState>({ phase: "idle" });
  const picker = useRef<HTMLInputElement>(null);
  const busy = state.phase === "sending" || state.phase === "checking" || state.phase === "storing";
  const source = file ?? (text.trim() ? { name: "", text } : null);

  const start = async () => {
    if (!source) return;
    const f = format === "auto" ? guessFormat(source.text, source.name) : format;
    const t0 = performance.now();
    if (f === "sql") {
      setState({ phase: "storing", done: 0, total: 0 });
      try {
        const { inserted } = await client.call("importDump", { sql: source.text });
        setState({
          phase: "done",
          format: f,
          imported: inserted.AnalyticsSeries ?? 0,
          rejected: [],
          inserted,
          elapsedMs: performance.now() - t0,
        });
      } catch (e) {
        setState({ phase: "error", message: errorText(e) });
      }
      return;
    }
    // The text goes in chunks (one message of a big file would close the server's socket); the
    // engine keeps the checked rows: only counts and refusals come here, so a big file never
    // crosses to the page and back (that froze it).
    const id = newStageId();
    const size = source.text.length;
    if (size > MAX_IMPORT_TEXT) {
      const n = (x: number) => x.toLocaleString("en-US");
      setState({
        phase: "error",
        message: `the file has ${n(size)} characters; an import takes at most ${n(MAX_IMPORT_TEXT)}: split it and import the parts one after the other`,
      });
      return;
    }
    let plan: StagedImportDto;
    try {
      setState({ phase: "sending", done: 0, total: size });
      await sendText(client, id, source.text, (done) => setState({ phase: "sending", done, total: size }));
      setState({ phase: "checking", done: 0, total: 0 });
      plan = await client.call("stageImport", { id, format: f });
    } catch (e) {
      setState({ phase: "error", message: errorText(e) });
      return;
    }
    const total = plan.staged;
    // Each stored batch is a change the live panes re-run for: a big file in few, large batches.
    const batch = Math.min(MAX_STAGED_BATCH, Math.max(IMPORT_BATCH, Math.ceil(total / IMPORT_STEPS)));
    let done = 0;
    setState({ phase: "storing", done, total });
    try {
      while (done < total) {
        const { added } = await client.call("storeStaged", { id: plan.id, offset: done, limit: batch });
        done += added;
        setState({ phase: "storing", done, total });
      }
      setState({
        phase: "done",
        format: f,
        imported: done,
        rejected: plan.rejected,
        elapsedMs: performance.now() - t0,
      });
    } catch (e) {
      // Earlier batches are stored (each is atomic); say so, and where it stopped.
      setState({
        phase: "done",
        format: f,
        imported: done,
        rejected: plan.rejected,
        error: `stopped after ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows: ${errorText(e)}`,
        elapsedMs: performance.now() - t0,
      });
    }
  };

  return (
    <section className="transfer-section" data-testid="import-section">
      <h3>Import series</h3>
      <p className="muted">
        CSV with the columns <code>start, end, source, metric, value, unit, fn, params, cliff</code> and one{" "}
        <code>dim_&lt;name&gt;</code> per dimension; a JSON array of series inputs; or a SQL dump of the three tables
        (INSERTs only). Good rows are stored, bad ones are listed by row number.
      </p>
      <div className="transfer-row">
        <input
          ref={picker}
          type="file"
          accept=".csv,.json,.sql,.txt,text/csv,application/json"
          data-testid="import-file"
          hidden
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = "";
            if (chosen) void chosen.text().then((t) => setFile({ name: chosen.name, text: t }));
          }}
        />
        <button onClick={() => picker.current?.click()}>Choose file…</button>
        {file && (
          <span className="transfer-file" data-testid="import-file-name">
            {file.name} · {(file.text.length / 1024).toFixed(1)} kB
            <button className="link" aria-label="Forget the file" onClick={() => setFile(null)}>
              ✕
            </button>
          </span>
        )}
        <label>
          format{" "}
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)} data-testid="import-format">
            <option value="auto">detect</option>
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
            <option value="sql">SQL dump</option>
          </select>
        </label>
        <button className="primary" data-testid="import-run" disabled={busy || !source} onClick={() => void start()}>
          {busy ? "Importing…" : "Import"}
        </button>
      </div>
      {!file && (
        <textarea
          className="transfer-text"
          data-testid="import-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          aria-label="Series to import"
          placeholder={
            "start,source,metric,value,unit,dim_budget\n2024-01-01,import/demo,Budget,1000,DAI,atlas/legacy/core-units/GOV-001"
          }
        />
      )}
      <ImportStatus state={state} />
    </section>
  );
}

function ImportStatus({ state }: { state: ImportState }) {
  if (state.phase === "idle") return null;
  if (state.phase === "error") {
    return (
      <div className="data-error transfer-status" role="alert" data-testid="import-summary" data-ok="false">
        {state.message}
      </div>
    );
  }
  if (state.phase !== "done") {
    return (
      <div className="transfer-status" data-testid="import-progress-row">
        <progress
          data-testid="import-progress"
          data-phase={state.phase}
          max={state.total || undefined}
          value={state.total ? state.done : undefined}
        />
        <span className="muted">
          {state.phase === "sending"
            ? `sent ${sizeOf(state.done, state.total)}`
            : state.phase === "checking"
              ? "checking rows…"
              : state.total
                ? `${state.done.toLocaleString("en-US")} of ${state.total.toLocaleString("en-US")} stored`
                : "storing…"}
        </span>
      </div>
    );
  }
  const { imported, rejected, inserted, error, elapsedMs } = state;
  return (
    <div
      className="transfer-status"
      role="status"
      data-testid="import-summary"
      data-ok={!error}
      data-imported={imported}
      data-rejected={rejected.length}
    >
      <progress max={1} value={1} />
      <div>
        <strong>
          Imported {imported.toLocaleString("en-US")} series
          {inserted
            ? ` (${inserted.AnalyticsDimension ?? 0} dimension paths, ${inserted.AnalyticsSeries_AnalyticsDimension ?? 0} links)`
            : ""}
        </strong>
        <span className="muted"> in {(elapsedMs / 1000).toFixed(1)} s</span>
        {rejected.length > 0 && (
          <span>
            {" "}
            · rejected {rejected.length} row{rejected.length === 1 ? "" : "s"}:
          </span>
        )}
      </div>
      {error && <div className="error-text">{error}</div>}
      {rejected.length > 0 && (
        <ul className="transfer-rejected">
          {rejected.slice(0, 200).map((r) => (
            <li key={r.row} data-testid="import-rejected" data-row={r.row}>
              <strong>row {r.row}</strong>: {r.reason}
            </li>
          ))}
          {rejected.length > 200 && <li className="muted">… and {rejected.length - 200} more</li>}
        </ul>
      )}
    </div>
  );
}

function ExportSection() {
  const { result } = useQueryRun();
  const { show } = usePanes();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const name = (ext: string) => `analytics-run-${result?.runId ?? 0}-${stamp()}.${ext}`;

  /** The chart must be on screen to be drawn: bring its tab forward and wait for the SVG. */
  const chart = async () => {
    show("chart");
    for (let i = 0; i < 60; i++) {
      const found = chartSvg();
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("no chart is shown: run a query that matches some series first");
  };
  const act = (fn: () => Promise<string>) => () =>
    void fn().then(
      (text) => setMessage({ ok: true, text }),
      (e: unknown) => setMessage({ ok: false, text: errorText(e) }),
    );

  return (
    <section className="transfer-section" data-testid="export-section">
      <h3>Export the results {result && <span className="muted">(run #{result.runId})</span>}</h3>
      <div className="transfer-row">
        <button
          data-testid="export-csv"
          disabled={!result}
          onClick={act(async () => {
            download(new Blob([resultsToCsv(result!.results)], { type: "text/csv" }), name("csv"));
            return `Saved ${result!.results.reduce((t, p) => t + p.rows.length, 0)} rows as CSV.`;
          })}
        >
          Results as CSV
        </button>
        <button
          data-testid="export-json"
          disabled={!result}
          onClick={act(async () => {
            download(new Blob([JSON.stringify(result!.results, null, 2)], { type: "application/json" }), name("json"));
            return `Saved ${result!.results.length} periods as JSON.`;
          })}
        >
          Results as JSON
        </button>
        <button
          data-testid="export-png"
          disabled={!result}
          onClick={act(async () => {
            const { svg, width, height } = await chart();
            download(await svgToPng(svg, width, height), name("png"));
            return `Saved the chart as PNG (${width * 2}×${height * 2}).`;
          })}
        >
          Chart as PNG
        </button>
        <button
          data-testid="export-svg"
          disabled={!result}
          onClick={act(async () => {
            const { svg } = await chart();
            download(new Blob([svg], { type: "image/svg+xml" }), name("svg"));
            return "Saved the chart as SVG.";
          })}
        >
          Chart as SVG
        </button>
      </div>
      {message && (
        <div className={message.ok ? "data-ok" : "data-error"} data-testid="export-message">
          {message.text}
        </div>
      )}
    </section>
  );
}

function DatabaseSection() {
  const { client } = useEngine();
  const [busy, setBusy] = useState<"export" | "load" | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string; series?: number } | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const exportDb = async () => {
    setBusy("export");
    try {
      const dump = await client.call("exportDatabase", {});
      download(
        new Blob([dump.bytes as BlobPart], { type: "application/gzip" }),
        `analytics-playground-${stamp()}.tar.gz`,
      );
      setMessage({
        ok: true,
        text: `Exported ${dump.seriesCount.toLocaleString("en-US")} series (${mb(dump.bytes.length)}) in ${(dump.elapsedMs / 1000).toFixed(1)} s.`,
        series: dump.seriesCount,
      });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };
  const load = async (file: File) => {
    setBusy("load");
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const r = await client.call("loadDatabase", { bytes });
      setMessage({
        ok: true,
        text: `Loaded ${file.name}: ${r.seriesCount.toLocaleString("en-US")} series (${mb(bytes.length)}) in ${(r.elapsedMs / 1000).toFixed(1)} s. The editors are as they were; the query re-ran on the loaded data.`,
        series: r.seriesCount,
      });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="transfer-section" data-testid="database-section">
      <h3>The whole database</h3>
      <p className="muted">
        PGlite's data directory as a gzipped file: every table, index and row. Load it back here (or in another browser)
        to replace the current database.
      </p>
      <div className="transfer-row">
        <button data-testid="export-db" disabled={busy !== null} onClick={() => void exportDb()}>
          {busy === "export" ? "Exporting…" : "Export database"}
        </button>
        <input
          ref={picker}
          type="file"
          accept=".gz,.tgz,application/gzip"
          hidden
          data-testid="load-db-file"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = "";
            if (chosen) void load(chosen);
          }}
        />
        <button data-testid="load-db" disabled={busy !== null} onClick={() => picker.current?.click()}>
          {busy === "load" ? "Loading…" : "Load database…"}
        </button>
      </div>
      {message && (
        <div
          className={message.ok ? "data-ok" : "data-error"}
          role={message.ok ? "status" : "alert"}
          data-testid="db-message"
          data-ok={message.ok}
          data-series={message.series ?? ""}
        >
          {message.text}
        </div>
      )}
    </section>
  );
}
