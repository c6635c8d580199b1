// CSV export: cells a spreadsheet would run as formulas are neutralized; numbers stay numbers.
import { describe, expect, it } from "vitest";
import { csvCell, resultsToCsv } from "../../src/ui/transfer/exportFiles.js";

describe("CSV export", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["\tTAB", "'\tTAB"],
    ["\r=1", '"\'\r=1"'],
    ["atlas/legacy", "atlas/legacy"],
    ["a, b", '"a, b"'],
  ])("text %j is written as %s", (text, written) => {
    expect(csvCell(text)).toBe(written);
  });

  it("numbers stay numbers, negative ones too; nothing is empty", () => {
    expect([csvCell(-1234.5), csvCell(0), csvCell(1e21), csvCell(null), csvCell(undefined)]).toEqual([
      "-1234.5",
      "0",
      "1e+21",
      "",
      "",
    ]);
  });

  it("a result whose label-like fields hold formulas exports them as text", () => {
    const csv = resultsToCsv([
      {
        period: "2023",
        start: "2023-01-01",
        end: "2024-01-01",
        rows: [
          {
            dimensions: { budget: { path: "=1+1", icon: "", label: "", description: "" } },
            metric: "@Budget",
            unit: "+DAI",
            value: -5,
            sum: 10,
          },
        ],
      },
    ]);
    expect(csv).toBe(
      "period,start,end,budget,metric,unit,value,sum\n2023,2023-01-01,2024-01-01,'=1+1,'@Budget,'+DAI,-5,10\n",
    );
  });
});
