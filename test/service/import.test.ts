import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/service/import/csv.js";
import { seriesFromCsv, seriesFromJson } from "../../src/service/import/series.js";

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, commas and line breaks in fields, CRLF and a missing final newline", () => {
    expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,"multi\nline",\n\n3,z,w')).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", 'say "hi"'],
      ["2", "multi\nline", ""],
      ["3", "z", "w"],
    ]);
  });
  it("names the line of an unclosed quote", () => {
    expect(() => parseCsv('a,b\n1,2\n3,"oops\n4,5')).toThrow('line 3: a quoted field is never closed; end it with "');
  });
});

const NOT_PLAIN =
  'not a plain decimal number (digits, one optional "." and sign, no spaces, no 0x/0b/exponent); write e.g. 1234.5';

describe("seriesFromCsv", () => {
  const csv = [
    "start,end,source,metric,value,unit,fn,cliff,dim_budget,dim_category",
    "2023-01-01,,demo/a,Budget,100,DAI,,,atlas/a,atlas/headcount",
    "2023-02-01,,demo/a,Budget,abc,DAI,,,atlas/a,",
    "2023-01-01,2024-01-01,demo/b,Budget,240,MKR,DssVest,2023-06-01,atlas/b,",
    "2023-13-01,,demo/a,Actuals,5,DAI,,,atlas/a,",
    '2023-03-01,,"demo/c,d",Actuals,7.5,,,,atlas/c,',
  ].join("\n");

  it("accepts good rows and reports bad ones by row number with the reason", () => {
    const plan = seriesFromCsv(csv);
    expect(plan.accepted.map((r) => r.row)).toEqual([1, 3, 5]);
    expect(plan.accepted[0].input).toEqual({
      start: "2023-01-01",
      end: null,
      source: "demo/a",
      metric: "Budget",
      value: 100,
      unit: "DAI",
      fn: null,
      params: null,
      dimensions: { budget: "atlas/a", category: "atlas/headcount" },
    });
    expect(plan.accepted[1].input.params).toEqual({ cliff: "2023-06-01" });
    expect(plan.accepted[2].input).toMatchObject({
      source: "demo/c,d",
      value: 7.5,
      unit: null,
      dimensions: { budget: "atlas/c" },
    });
    expect(plan.rejected).toEqual([
      { row: 2, reason: `value (column 5): "abc" is ${NOT_PLAIN}` },
      { row: 4, reason: expect.stringMatching(/^start: "2023-13-01" is not a valid date/) },
    ]);
  });

  it.each([
    ["0x10", '"0x10"'],
    ["0b11", '"0b11"'],
    [" 7 ", '" 7 "'],
    ["1e-400", '"1e-400"'],
    ["1e3", '"1e3"'],
    ["Infinity", '"Infinity"'],
    ["1,5", null],
  ])("refuses the value %j with its row and column", (cell, shown) => {
    const plan = seriesFromCsv(`start,source,metric,value\n2023-01-01,a,Budget,1\n2023-01-01,a,Budget,"${cell}"\n`);
    expect(plan.accepted.map((r) => r.row)).toEqual([1]);
    expect(plan.rejected).toEqual([
      {
        row: 2,
        reason: shown ? `value (column 4): ${shown} is ${NOT_PLAIN}` : expect.stringContaining("value (column 4)"),
      },
    ]);
  });

  it("reads plain decimals exactly as written: signs, a leading or trailing point", () => {
    const plan = seriesFromCsv(
      "start,source,metric,value\n" + ["-2.5", "+3", ".5", "7.", "0012"].map((v) => `2023-01-01,a,B,${v}`).join("\n"),
    );
    expect(plan.accepted.map((r) => r.input.value)).toEqual([-2.5, 3, 0.5, 7, 12]);
  });

  it("refuses unknown or missing columns for the whole file", () => {
    expect(() => seriesFromCsv("start,source,metric,value,colour\n")).toThrow(
      'csv: unknown column "colour"; columns are start, end, source, metric, value, unit, fn, params, cliff and dim_<dimension name>',
    );
    expect(() => seriesFromCsv("start,metric\n")).toThrow(
      "csv: missing column(s) source, value; the header needs start, source, metric, value",
    );
    expect(() => seriesFromCsv("")).toThrow("csv: the file is empty");
  });

  it("reports rows with the wrong number of cells and bad params JSON", () => {
    const plan = seriesFromCsv("start,source,metric,value,params\n2023-01-01,a,B,1,{oops}\n2023-01-01,a,B\n");
    expect(plan.rejected).toEqual([
      { row: 1, reason: 'params: {oops} is not JSON; write e.g. {"cliff":"2023-06-01"}' },
      { row: 2, reason: "3 cells for 5 columns; quote fields that contain commas" },
    ]);
  });
});

describe("seriesFromJson", () => {
  it("checks each element", () => {
    const plan = seriesFromJson(
      JSON.stringify([
        { start: "2023-01-01", source: "s", metric: "Budget", value: 1, dimensions: { budget: "atlas" } },
        { start: "2023-01-01", source: "s", metric: "Budget", value: 1, dimensions: { budget: "atlas//x" } },
      ]),
    );
    expect(plan.accepted.map((r) => r.row)).toEqual([1]);
    expect(plan.rejected).toEqual([
      { row: 2, reason: 'dimensions.budget: empty segment 2 in "atlas//x"; remove the extra "/"' },
    ]);
    expect(() => seriesFromJson("{")).toThrow(/^json: not valid JSON/);
  });
});
