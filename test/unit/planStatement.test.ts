import { describe, expect, it } from "vitest";
import type { LogEntry } from "../../src/rpc/protocol.js";
import { createPlanStatement } from "../../src/playground/planStatement.js";
import { createProfiler, statementsOf, type ProfiledRun } from "../../src/playground/profiler.js";

const entry = (id: number, runId: number, sql: string): LogEntry => ({
  id,
  runId,
  method: "raw",
  index: -1,
  sql,
  startedAt: 1_700_000_000_000,
  status: "done",
  durationMs: 1.5,
  rowCount: 1,
  rowsPreview: [{ n: 2000 }],
});

const run = (runId: number, summary: string, logs: LogEntry[]): ProfiledRun => ({
  runId,
  at: 0,
  elapsedMs: 3,
  timings: [{ metric: "QueryRaw", startMs: 0, durationMs: 2, logIds: logs.map((l) => l.id) }],
  summary,
  statements: statementsOf(logs),
});

describe("the plan pane's statement of another run", () => {
  const sqlRun = run(12, "SQL editor · 1 statement", [entry(40, 12, 'select count(*) from "AnalyticsSeries"')]);

  it("the profiler keeps a run's statements whole but for their rows, so the plan pane can show them", () => {
    const profiler = createProfiler();
    profiler.record(sqlRun);
    expect(profiler.get().runs[0].statements).toEqual([
      {
        id: 40,
        runId: 12,
        method: "raw",
        index: -1,
        sql: 'select count(*) from "AnalyticsSeries"',
        startedAt: 1_700_000_000_000,
        status: "done",
        durationMs: 1.5,
        rowCount: 1,
      },
    ]);
  });

  it("shows a run's statement with where it ran, replaces it with another, and closes", () => {
    const planned = createPlanStatement();
    const seen: unknown[] = [];
    planned.subscribe(() => seen.push(planned.get().shown));
    expect(planned.get().shown).toBeNull();

    expect(planned.show(sqlRun, 40)).toBe(true);
    expect(planned.get().shown).toEqual({
      statement: sqlRun.statements![0],
      from: "run #12 · SQL editor · 1 statement",
    });
    expect(planned.get().shown!.statement).toBe(sqlRun.statements![0]);

    const graphqlRun = run(13, "GraphQL · ok · 1 statement", [entry(41, 13, "select 1")]);
    expect(planned.show(graphqlRun, 41)).toBe(true);
    expect(planned.get().shown?.from).toBe("run #13 · GraphQL · ok · 1 statement");
    expect(planned.get().shown?.statement.sql).toBe("select 1");

    planned.close();
    expect(planned.get().shown).toBeNull();
    expect(seen).toHaveLength(3);
  });

  it("the same statement again changes nothing (its section keeps the plans explained in it)", () => {
    const planned = createPlanStatement();
    planned.show(sqlRun, 40);
    const before = planned.get();
    let calls = 0;
    planned.subscribe(() => calls++);
    expect(planned.show(sqlRun, 40)).toBe(true);
    expect(planned.get()).toBe(before);
    expect(calls).toBe(0);
  });

  it("a statement the run does not have (or a run without statements) is refused and changes nothing", () => {
    const planned = createPlanStatement();
    planned.show(sqlRun, 40);
    const before = planned.get();
    expect(planned.show(sqlRun, 99)).toBe(false);
    expect(planned.show({ ...sqlRun, statements: undefined }, 40)).toBe(false);
    expect(planned.get()).toBe(before);
  });
});
