import { afterEach, describe, expect, it, vi } from "vitest";
import { EngineClient } from "../../src/client/EngineClient.js";
import { createLogs, createScriptLog, KEEP_ENTRIES, KEEP_SCRIPT_RUNS, logItems } from "../../src/playground/logs.js";
import type { LogEntry, WorkerMessage } from "../../src/rpc/protocol.js";

const entry = (id: number, runId: number, change: Partial<LogEntry> = {}): LogEntry => ({
  id,
  runId,
  method: "execute",
  index: id,
  sql: `select ${id}`,
  startedAt: 1000 + id,
  status: "done",
  durationMs: 1.5,
  rowCount: 1,
  ...change,
});

/** A real client whose service is the test: `push` delivers what a worker would send. */
function client() {
  let deliver: (m: WorkerMessage) => void = () => {};
  const c = new EngineClient({ send() {}, onMessage: (l) => (deliver = l), onClose() {}, close() {} });
  return { c, push: (e: LogEntry) => deliver({ type: "log", entry: e }) };
}

afterEach(() => vi.useRealTimers());

describe("the SQL log", () => {
  it("appends statements in arrival order and replaces one that finished in its place", () => {
    const logs = createLogs();
    logs.add([entry(1, 1, { status: "running", rowCount: undefined }), entry(2, 1)]);
    logs.add([entry(3, 2), entry(1, 1)]);
    expect(logs.get().entries.map((e) => [e.id, e.status])).toEqual([
      [1, "done"],
      [2, "done"],
      [3, "done"],
    ]);
  });

  it(`keeps the newest ${KEEP_ENTRIES} statements`, () => {
    const logs = createLogs();
    logs.add(Array.from({ length: KEEP_ENTRIES + 5 }, (_, i) => entry(i, 1)));
    const ids = logs.get().entries.map((e) => e.id);
    expect(ids).toHaveLength(KEEP_ENTRIES);
    expect([ids[0], ids.at(-1)]).toEqual([5, KEEP_ENTRIES + 4]);
  });

  it("applies the client's log events in one batch per 50 ms, and stops when told", () => {
    vi.useFakeTimers();
    const { c, push } = client();
    const logs = createLogs();
    let changes = 0;
    logs.subscribe(() => changes++);
    const stop = logs.follow(c);
    push(entry(1, 1));
    push(entry(2, 1));
    expect(logs.get().entries).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(logs.get().entries.map((e) => e.id)).toEqual([1, 2]);
    expect(changes).toBe(1);
    push(entry(3, 2));
    stop();
    vi.advanceTimersByTime(100);
    push(entry(4, 2));
    vi.advanceTimersByTime(100);
    expect(logs.get().entries.map((e) => e.id)).toEqual([1, 2]);
  });

  it("toggles which statements show their rows; clear empties the log and those", () => {
    const logs = createLogs();
    logs.add([entry(1, 1), entry(2, 1)]);
    logs.toggle(2);
    logs.toggle(1);
    logs.toggle(2);
    expect(logs.get().open).toEqual([1]);
    logs.setFilter("select");
    logs.setView("table");
    logs.clear();
    expect(logs.get()).toEqual({ entries: [], view: "table", open: [], filter: "select" });
  });
});

describe("the script log", () => {
  it(`keeps each run's lines in order, its status, and the newest ${KEEP_SCRIPT_RUNS} runs`, () => {
    const log = createScriptLog();
    for (let run = 1; run <= KEEP_SCRIPT_RUNS + 1; run++) log.start(run);
    log.append(2, [{ level: "log", text: "a" }]);
    log.append(2, [{ level: "warn", text: "b" }]);
    log.end(2, "done");
    log.append(99, [{ level: "log", text: "lost" }]);
    const runs = log.get().runs;
    expect(runs.map((r) => r.run)).toEqual(Array.from({ length: KEEP_SCRIPT_RUNS }, (_, i) => i + 2));
    expect(runs[0]).toMatchObject({
      run: 2,
      status: "done",
      lines: [
        { level: "log", text: "a" },
        { level: "warn", text: "b" },
      ],
    });
    log.clear();
    expect(log.get().runs).toEqual([]);
  });
});

describe("what the log pane lists", () => {
  const entries = [
    entry(1, 1, { sql: 'select * from "AnalyticsSeries"', durationMs: 2 }),
    entry(2, 1, { sql: "select starts_with(path, $1)", durationMs: 0.5 }),
    entry(3, 3, { sql: "select 3", method: "raw", durationMs: undefined, status: "running" }),
    entry(4, 2, { sql: "select 4" }),
  ];
  const script = { run: 7, startedAt: 1002.5, status: "done", lines: [{ level: "log", text: "Calling STARTS_WITH" }] };

  it("groups statements by run, newest first, with the script runs placed by when they started", () => {
    const items = logItems(entries, [script], "");
    expect(items.map((i) => (i.sql ? `run ${i.sql.runId}` : `script ${i.script.run}`))).toEqual([
      "run 2",
      "run 3",
      "script 7",
      "run 1",
    ]);
    expect(items[3].sql).toEqual({ runId: 1, entries: entries.slice(0, 2), sqlMs: 2.5 });
    expect(items[1].sql?.sqlMs).toBe(0);
  });

  it("filters statements by SQL or method and script lines by text, ignoring case and spaces around", () => {
    const pick = (filter: string) =>
      logItems(entries, [script], filter).map((i) =>
        i.sql ? i.sql.entries.map((e) => e.id) : i.script.lines.map((l) => l.text),
      );
    expect(pick("  starts_")).toEqual([["Calling STARTS_WITH"], [2]]);
    expect(pick("raw")).toEqual([[3]]);
    expect(pick("nothing")).toEqual([]);
  });
});
