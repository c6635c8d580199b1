// The parameterized SQL beside the inlined form (issue 14): every store statement's log entry
// carries the text sent to the database (`$1…`) and its bound values with their types, on both
// backends; SQL text run as is has nothing bound and says so by having no `native`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineClient } from "../../src/client/EngineClient.js";
import type { LogEntry } from "../../src/rpc/protocol.js";
import { EXAMPLES } from "../../src/ui/query/examples.js";
import { backends } from "../support/backends.js";

/** The playground's default query (what the page runs after boot), as the e2e checks it too. */
const QUERY = EXAMPLES[0].query;
const MONTHS = Array.from({ length: 49 }, (_, i) => new Date(Date.UTC(2021, i, 1)).toISOString());
/** The instant one microsecond after each month's start, as the read binds the period ends. */
const AFTER = MONTHS.map((d) => d.replace(".000Z", ".000001Z"));

describe.each(backends((message) => JSON.parse(JSON.stringify(message))))("on $name", ({ name, start }) => {
  let client: EngineClient;
  let stop: () => Promise<void>;
  const events: LogEntry[] = [];
  beforeAll(async () => {
    ({ client, stop } = await start());
    client.on("log", (e) => events.push(e.entry));
    await client.boot({ count: 200, seed: 7, store: { kind: "memory" } });
  });
  afterAll(() => stop());

  it("the grouped read: `$1…` as sent, each value typed, and the same values inlined", async () => {
    const r = await client.execute(QUERY);
    const read = r.logs.filter((e) => /^with "m" as (not )?materialized/.test(e.sql));
    expect(read).toHaveLength(1);
    const [e] = read;
    // The tab runs a prepared statement, where one argument may appear twice; the server binds
    // each place of a knex statement.
    const onTab = name.startsWith("the tab");
    const from = { type: "text", value: "atlas/" };
    expect(e.native?.bindings).toEqual([
      { type: "text", value: "^(?:[^/]*/){0,3}" },
      { type: "text", value: "budget" },
      from,
      { type: "text", value: "atlas0" },
      ...(onTab ? [] : [from]),
      { type: "number[]", value: MONTHS.map((d) => Date.parse(d)) },
      { type: "text[]", value: AFTER },
      { type: "text[]", value: ["Budget", "Actuals"] },
      { type: "text[]", value: ["DAI"] },
      { type: "text", value: "2025-01-01T00:00:00.000Z" },
    ]);
    const sent = e.native!.sql;
    const n = onTab ? 9 : 10;
    expect([...new Set([...sent.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))]).toEqual(
      Array.from({ length: n }, (_, i) => i + 1),
    );
    expect(sent).toContain('where "dimension" = $2 and');
    expect(sent).toContain(
      onTab
        ? 'where "s"."metric" = any($7) and "s"."unit" = any($8) and "s"."start" <= $9'
        : 'where "s"."metric" = any($8::text[]) and "s"."unit" = any($9::text[]) and "s"."start" <= $10',
    );
    // The readable form has the same values in place of the placeholders, and runs as it is.
    expect(e.sql).toContain(`where "dimension" = 'budget' and`);
    expect(e.sql).toContain(
      `where "s"."metric" = any('{"Budget","Actuals"}'::text[]) and "s"."unit" = any('{"DAI"}'::text[]) and "s"."start" <= '2025-01-01T00:00:00.000Z'`,
    );
    expect(e.sql).not.toMatch(/\$\d/);
    const again = await client.call("raw", { sql: e.sql });
    expect(e.rowCount).toBeGreaterThan(10);
    expect(again.statements[0].rows.length).toBe(e.rowCount);
    // The live log events carry it too (the log pane shows those).
    expect(events.find((x) => x.id === e.id && x.status === "done")?.native).toEqual(e.native);
  });

  it("SQL text run as is has nothing bound", async () => {
    await client.call("raw", { sql: "select 1 as one" });
    const raw = events.filter((x) => x.sql === "select 1 as one");
    expect(raw.map((x) => [x.index, x.status, "native" in x])).toEqual([
      [-1, "running", false],
      [-1, "done", false],
    ]);
  });
});
