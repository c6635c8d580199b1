import { describe, expect, it } from "vitest";
import { gridView, nextSort } from "../../src/playground/grid.js";

const cells = [
  ["b", "10", 3],
  ["a", "9", null],
  ["C", null, 1],
  ["a", "100", 3],
];
const numeric = [false, true, true];

describe("gridView", () => {
  it("keeps the received order without sort or filter", () => {
    expect(gridView(cells, numeric, { filter: "", sort: null })).toEqual([0, 1, 2, 3]);
  });

  it("sorts numeric columns as numbers (text from SQL too), NULLs last in both directions", () => {
    expect(gridView(cells, numeric, { filter: "", sort: { column: 1, dir: "asc" } })).toEqual([1, 0, 3, 2]);
    expect(gridView(cells, numeric, { filter: "", sort: { column: 1, dir: "desc" } })).toEqual([3, 0, 1, 2]);
    expect(gridView(cells, numeric, { filter: "", sort: { column: 2, dir: "desc" } })).toEqual([0, 3, 2, 1]);
  });

  it("sorts text case-insensitively, ties in received order", () => {
    expect(gridView(cells, numeric, { filter: "", sort: { column: 0, dir: "asc" } })).toEqual([1, 3, 0, 2]);
  });

  it("filters on any cell, case-insensitively, then sorts", () => {
    expect(gridView(cells, numeric, { filter: " A ", sort: null })).toEqual([1, 3]);
    expect(gridView(cells, numeric, { filter: "10", sort: { column: 1, dir: "desc" } })).toEqual([3, 0]);
    expect(gridView(cells, numeric, { filter: "zzz", sort: null })).toEqual([]);
  });

  it("cycles a header ascending, descending, unsorted; another header starts ascending", () => {
    expect(nextSort(null, 2)).toEqual({ column: 2, dir: "asc" });
    expect(nextSort({ column: 2, dir: "asc" }, 2)).toEqual({ column: 2, dir: "desc" });
    expect(nextSort({ column: 2, dir: "desc" }, 2)).toBeNull();
    expect(nextSort({ column: 2, dir: "desc" }, 0)).toEqual({ column: 0, dir: "asc" });
  });
});
