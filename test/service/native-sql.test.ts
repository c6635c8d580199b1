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

describe.each(backends((message) => JSON.parse(JSON.stringify(message))))("on $name", ({ start }) => {
  let client: EngineClient;
  let stop: () => Promise<void>;
  const events: LogEntry[] = [];
  beforeAll(async () => {
    ({ client, stop } = await start());
    client.on("log", (e) => events.push(e.entry));
    await client.boot({ count: 200, seed: 7, store: { kind: "memory" } });
  });
  afterAll(() => stop());

  it("the grouped read: `$1…$13` as sent, each value typed, and the same values inlined", async () => {
    const r = await client.execute(QUERY);
    const read = r.logs.filter((e) => /^with "m" as (not )?materialized/.test(e.sql));
    expect(read).toHaveLength(1);
    const [e] = read;
    expect(e.native?.bindings).toEqual([
      { type: "number", value: 0 },
      { type: "text", value: "^(?:[^/]*/){0,3}" },
      { type: "text", value: "budget" },
      { type: "text", value: "atlas/" },
      { type: "text", value: "atlas0" },
      { type: "text", value: "atlas/" },
      { type: "number[]", value: MONTHS.map((d) => Date.parse(d)) },
      { type: "text[]", value: MONTHS },
      { type: "text", value: "Budget" },
      { type: "text", value: "Actuals" },
      { type: "text", value: "DAI" },
      { type: "text", value: "2025-01-01T00:00:00.000Z" },
      { type: "number", value: 0 },
    ]);
    const sent = e.native!.sql;
    expect([...sent.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]))).toEqual(
      Array.from({ length: 13 }, (_, i) => i + 1),
    );
    expect(sent).toContain('where "dimension" = $3 and');
    expect(sent).toContain('where "s"."metric" in ($9, $10) and "s"."unit" in ($11) and "s"."start" <= $12');
    // The readable form has the same values in place of the placeholders.
    expect(e.sql).toContain(`where "dimension" = 'budget' and`);
    expect(e.sql).toContain(
      `where "s"."metric" in ('Budget', 'Actuals') and "s"."unit" in ('DAI') and "s"."start" <= '2025-01-01T00:00:00.000Z'`,
    );
    expect(e.sql).not.toMatch(/\$\d/);
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
