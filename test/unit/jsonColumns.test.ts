import { describe, expect, it } from "vitest";
import { gridView } from "../../src/playground/grid.js";
import type { JsonValue } from "../../src/rpc/protocol.js";
import { jsonColumns } from "../../src/ui/grid/jsonColumns.js";

describe("grid columns for JSON rows", () => {
  const rows: Record<string, JsonValue>[] = [
    { name: "b", n: 10, tags: ["x"] },
    { name: "a", n: null, extra: { deep: true } },
    { name: "c", n: 9, tags: null },
  ];
  const columns = jsonColumns(rows);

  it("one column per key in first-seen order, numeric only when every value present is a number", () => {
    expect(columns.map((c) => [c.label, c.numeric])).toEqual([
      ["name", false],
      ["n", true],
      ["tags", false],
      ["extra", false],
    ]);
    expect(rows.map((r) => columns.map((c) => c.value(r)))).toEqual([
      ["b", 10, '["x"]', null],
      ["a", null, null, '{"deep":true}'],
      ["c", 9, null, null],
    ]);
    expect(jsonColumns([{ v: null }])[0].numeric).toBe(false);
  });

  it("sort numbers as numbers with NULLs last, and give long text its whole value on hover", () => {
    const cells = rows.map((r) => columns.map((c) => c.value(r)));
    const numeric = columns.map((c) => c.numeric === true);
    expect(gridView(cells, numeric, { filter: "", sort: { column: 1, dir: "asc" } })).toEqual([2, 0, 1]);
    const long = "x".repeat(41);
    expect(jsonColumns([{ s: long }])[0].cellTitle?.({ s: long })).toBe(long);
    expect(jsonColumns([{ s: "short" }])[0].cellTitle?.({ s: "short" })).toBeUndefined();
  });
});
