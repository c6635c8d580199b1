// A file's text travels to the engine in chunks (stageText), is checked there (stageImport) and
// stored batch by batch (storeStaged), on both backends: the tab's PGlite in this process and
// `npm run serve` over a WebSocket. Exact counts and a checksum of what was stored; every refusal
// with its message.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EngineClient, RpcError } from "../../src/client/EngineClient.js";
import { MAX_IMPORT_CHUNK, MAX_IMPORT_ROWS, MAX_IMPORT_TEXT, MAX_STAGED_BATCH } from "../../src/rpc/limits.js";
import { sendText } from "../../src/ui/transfer/sendText.js";
import { backends } from "../support/backends.js";

const ROWS = 40_000;
/** A data row whose value is not a number: refused by its row number (the header is row 0). */
const BAD = 20_001;
const line = (i: number) =>
  `2024-${String((i % 12) + 1).padStart(2, "0")}-01,,import/chunked/${i % 40},Budget,${i === BAD - 1 ? "x" : i},DAI,atlas/chunked/${i % 300}`;
const CSV = ["start,end,source,metric,value,unit,dim_budget", ...Array.from({ length: ROWS }, (_, i) => line(i))].join(
  "\n",
);
/** What the stored rows must read as, one line per series in value order (each value is its row's index). */
const EXPECTED_MD5 = createHash("md5")
  .update(
    Array.from({ length: ROWS }, (_, i) => i)
      .filter((i) => i !== BAD - 1)
      .map(
        (i) =>
          `import/chunked/${i % 40}|Budget|2024-${String((i % 12) + 1).padStart(2, "0")}-01|${i}|DAI|atlas/chunked/${i % 300}`,
      )
      .join("\n"),
  )
  .digest("hex");
const STORED_SQL = `select count(*)::int as n, md5(string_agg(concat_ws('|', rtrim(s.source, '/'), s.metric,
  to_char(s.start at time zone 'UTC', 'YYYY-MM-DD'), s.value::text, s.unit, rtrim(d.path, '/')), E'\\n' order by s.value)) as md5
  from "AnalyticsSeries" s join "AnalyticsSeries_AnalyticsDimension" l on l."seriesId" = s.id
  join "AnalyticsDimension" d on d.id = l."dimensionId" where s.source like 'import/chunked/%'`;

const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call succeeded"),
    (e: RpcError) => ({ kind: e.kind, field: e.field, message: e.message }),
  );
const refused = (field: string, message: string) => ({ kind: "input", field, message: `${field}: ${message}` });
const unknownStage = (id: string) =>
  refused(
    "id",
    `no import is staged under "${id}" here: send its text again from offset 0 (a newer import replaces it, and a new connection starts with none)`,
  );

describe.each(backends())("on $name", ({ start }) => {
  let client: EngineClient;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ client, stop } = await start());
    await client.boot({ count: 20, seed: 1 });
  });
  afterAll(() => stop());

  it("imports a CSV of three chunks: every good row stored once, the bad one named by its row", async () => {
    expect(CSV.length).toBeGreaterThan(2 * MAX_IMPORT_CHUNK);
    const id = "chunked-import-1";
    const sent: number[] = [];
    await sendText(client, id, CSV, (n) => sent.push(n));
    expect(sent).toEqual([MAX_IMPORT_CHUNK, 2 * MAX_IMPORT_CHUNK, CSV.length]);
    const plan = await client.call("stageImport", { id, format: "csv" });
    expect(plan).toEqual({
      id,
      staged: ROWS - 1,
      rejected: [
        {
          row: BAD,
          reason:
            'value (column 5): "x" is not a plain decimal number (digits, one optional "." and sign, no spaces, no 0x/0b/exponent); write e.g. 1234.5',
        },
      ],
    });
    let added = 0;
    while (added < plan.staged)
      added += (await client.call("storeStaged", { id, offset: added, limit: MAX_STAGED_BATCH })).added;
    expect(added).toBe(ROWS - 1);
    expect((await client.raw(STORED_SQL)).statements[0].rows).toEqual([{ n: ROWS - 1, md5: EXPECTED_MD5 }]);
  });

  it("refuses a chunk too big, a bad id, an offset out of order, an unknown stage, each by field", async () => {
    const id = "refusals-stage";
    expect(await failure(client.call("stageText", { id, offset: 0, text: "x".repeat(MAX_IMPORT_CHUNK + 1) }))).toEqual(
      refused("text", "a chunk holds at most 1,000,000 characters, got 1,000,001: send the text in smaller chunks"),
    );
    for (const bad of ["short", "../../etc/passwd", "x".repeat(65), 12345678]) {
      const shown = typeof bad === "string" ? `"${bad.length > 80 ? bad.slice(0, 80) + "…" : bad}"` : String(bad);
      expect(await failure(client.call("stageText", { id: bad as string, offset: 0, text: "a" }))).toEqual(
        refused(
          "id",
          `a staged import's id is 8 to 64 letters, digits, "-" or "_" (the page makes a random one), got ${shown}`,
        ),
      );
    }
    expect(await client.call("stageText", { id, offset: 0, text: "start,source" })).toEqual({ received: 12 });
    expect(await failure(client.call("stageText", { id, offset: 5, text: ",metric,value\n" }))).toEqual(
      refused("offset", `expected 12 (the characters received under "${id}" so far), got 5: send the chunks in order`),
    );
    expect(await failure(client.call("storeStaged", { id, offset: 0, limit: 1 }))).toEqual(
      refused("id", `the import "${id}" is not checked yet: call stageImport after its last chunk`),
    );
    expect(await failure(client.call("stageText", { id: "never-started", offset: 12, text: "x" }))).toEqual(
      unknownStage("never-started"),
    );
    expect(await failure(client.call("stageImport", { id: "never-started", format: "csv" }))).toEqual(
      unknownStage("never-started"),
    );
    // The refusals left the stage as it was: it goes on where it stopped.
    expect(await client.call("stageText", { id, offset: 12, text: ",metric,value\n" })).toEqual({ received: 26 });
    expect(await client.call("stageImport", { id, format: "csv" })).toMatchObject({ id, staged: 0 });
    expect(await failure(client.call("stageImport", { id, format: "csv" }))).toEqual(
      refused("id", `the import "${id}" is already checked: store it, or send it again from offset 0`),
    );
    // A new stage replaces it.
    await client.call("stageText", { id: "the-next-stage", offset: 0, text: "[]" });
    expect(await failure(client.call("storeStaged", { id, offset: 0, limit: 1 }))).toEqual(unknownStage(id));
  });

  it("refuses a stage past its total, and drops it", async () => {
    const id = "too-much-text";
    const chunk = "x".repeat(MAX_IMPORT_CHUNK);
    let received = 0;
    while (received < MAX_IMPORT_TEXT)
      ({ received } = await client.call("stageText", { id, offset: received, text: chunk }));
    expect(received).toBe(MAX_IMPORT_TEXT);
    expect(await failure(client.call("stageText", { id, offset: received, text: "x" }))).toEqual(
      refused(
        "text",
        "an import holds at most 128,000,000 characters, and this chunk would bring it to 128,000,001: split the file and import the parts one after the other",
      ),
    );
    expect(await failure(client.call("stageImport", { id, format: "csv" }))).toEqual(unknownStage(id));
  });
  it("refuses a file of more rows than an import may hold before checking them, and drops it", async () => {
    const rest = "rows an import may hold: split it and import the parts one after the other";
    const csv = "start,source,metric,value" + "\n".repeat(MAX_IMPORT_ROWS + 2);
    await sendText(client, "too-many-lines", csv, () => undefined);
    expect(await failure(client.call("stageImport", { id: "too-many-lines", format: "csv" }))).toEqual(
      refused("text", `the file has 1,500,002 lines, more than the 1,500,000 ${rest}`),
    );
    expect(await failure(client.call("stageImport", { id: "too-many-lines", format: "csv" }))).toEqual(
      unknownStage("too-many-lines"),
    );
    const json = `[${"0,".repeat(MAX_IMPORT_ROWS)}0]`;
    await sendText(client, "too-many-series", json, () => undefined);
    expect(await failure(client.call("stageImport", { id: "too-many-series", format: "json" }))).toEqual(
      refused("text", `the file has 1,500,001 series, more than the 1,500,000 ${rest}`),
    );
  });
});
