import { describe, expect, it } from "vitest";
import {
  AnalyticsInputError,
  AnalyticsPath,
  AnalyticsPathSegment,
  AnalyticsPeriod,
  AnalyticsSerializerTypes,
  reviver,
} from "../../src/engine/index.js";

describe("AnalyticsPath", () => {
  it("parses and prints segments", () => {
    const p = AnalyticsPath.fromString("atlas/legacy/core-units/SES-001");
    expect(p.segments.map((s) => s.filters)).toEqual([["atlas"], ["legacy"], ["core-units"], ["SES-001"]]);
    expect(p.toString()).toBe("atlas/legacy/core-units/SES-001");
    expect(p.toString("/")).toBe("atlas/legacy/core-units/SES-001/");
  });

  it("accepts the stored form with one trailing slash", () => {
    expect(AnalyticsPath.fromString("atlas/legacy/").toString()).toBe("atlas/legacy");
  });

  it("round-trips escaped separators and special characters literally", () => {
    const p = AnalyticsPath.fromStringArray(["a\\/b", "c\\:d", "e\\,f", "100%_x"]);
    expect(p.segments.map((s) => s.filters![0])).toEqual(["a/b", "c:d", "e,f", "100%_x"]);
    expect(p.toString()).toBe("a\\/b/c\\:d/e\\,f/100%_x");
    expect(AnalyticsPath.fromString(p.toString()).toString()).toBe(p.toString());
  });

  it("parses filters, groups and wildcards", () => {
    const s = AnalyticsPathSegment.fromString("DAI,MKR:g1,g2");
    expect(s.filters).toEqual(["DAI", "MKR"]);
    expect(s.groups).toEqual(["g1", "g2"]);
    expect(AnalyticsPathSegment.fromString("*").filters).toBeNull();
    expect(AnalyticsPathSegment.fromString("*:*").groups).toBeNull();
    expect(AnalyticsPathSegment.fromString("x:*").toString()).toBe("x:*");
  });

  it("rejects a dangling backslash and empty segments, naming the field", () => {
    expect(() => AnalyticsPath.fromString("atlas/a\\", "select.budget[0]")).toThrow(
      'select.budget[0]: dangling "\\" at the end of "atlas/a\\"; escape a backslash as "\\\\"',
    );
    expect(() => AnalyticsPath.fromString("atlas//a")).toThrow(
      'path: empty segment 2 in "atlas//a"; remove the extra "/"',
    );
    expect(() => AnalyticsPath.fromString("a:b:c")).toThrow(AnalyticsInputError);
  });

  it("cuts to a level of detail, padding with *", () => {
    const p = AnalyticsPath.fromString("atlas/legacy/core-units");
    expect(p.applyLod(2).toString()).toBe("atlas/legacy");
    expect(p.applyLod(5).toString()).toBe("atlas/legacy/core-units/*/*");
    expect(p.applyLod(0).toString()).toBe("");
    expect(p.reduce().toString()).toBe("legacy/core-units");
    expect(AnalyticsPath.fromString("atlas").reduce().toString()).toBe("*");
  });

  it("contains paths on segment boundaries only", () => {
    const a = AnalyticsPath.fromString("atlas/a");
    expect(a.contains(AnalyticsPath.fromString("atlas/a/b"))).toBe(true);
    expect(a.contains(AnalyticsPath.fromString("atlas/a"))).toBe(true);
    expect(a.contains(AnalyticsPath.fromString("atlas/ab"))).toBe(false);
    expect(a.contains(AnalyticsPath.fromString("atlas"))).toBe(false);
  });

  it("serializes to the engine's JSON form and revives it", () => {
    const query = {
      select: { budget: [AnalyticsPath.fromString("atlas/legacy")] },
      segment: AnalyticsPathSegment.fromString("DAI"),
      period: new AnalyticsPeriod(2023, 1),
    };
    const json = JSON.stringify(query);
    expect(json).toBe(
      '{"select":{"budget":[{"_t":0,"_v":"atlas/legacy"}]},"segment":{"_t":1,"_v":"DAI"},"period":{"_t":2,"_v":"2023/Q1"}}',
    );
    const back = JSON.parse(json, reviver);
    expect(back.select.budget[0]).toBeInstanceOf(AnalyticsPath);
    expect(back.select.budget[0].toString()).toBe("atlas/legacy");
    expect(back.segment).toBeInstanceOf(AnalyticsPathSegment);
    expect(back.period).toBeInstanceOf(AnalyticsPeriod);
    expect(back.period.toString()).toBe("2023/Q1");
    expect(AnalyticsSerializerTypes.AnalyticsPeriod).toBe(2);
  });
});

describe("AnalyticsPeriod", () => {
  it("parses years, quarters and months and steps across years", () => {
    expect(AnalyticsPeriod.fromString("2023/Q4").nextPeriod().toString()).toBe("2024/Q1");
    expect(AnalyticsPeriod.fromString("2023/01").previousPeriod().toString()).toBe("2022/12");
    expect(AnalyticsPeriod.fromString("2023").nextPeriod(2).toString()).toBe("2025");
    expect(AnalyticsPeriod.fromString("2023/Q2").firstMonth().toString()).toBe("2023/04");
    expect(AnalyticsPeriod.fromString("2023/Q2").lastMonth().toString()).toBe("2023/06");
    expect(AnalyticsPeriod.fromString("2023/Q3").startAsSqlDate()).toBe("2023-07-01");
    expect(() => AnalyticsPeriod.fromString("2023/13")).toThrow(
      'period: "2023/13" is not a period; write 2023, 2023/Q1 or 2023/01',
    );
  });

  it("compares and fills ranges", () => {
    const q1 = AnalyticsPeriod.fromString("2023/Q1");
    expect(q1.contains(AnalyticsPeriod.fromString("2023/03"))).toBe(true);
    expect(q1.contains(AnalyticsPeriod.fromString("2023/04"))).toBe(false);
    expect(q1.comesBefore(AnalyticsPeriod.fromString("2023/04"))).toBe(true);
    expect(q1.comesAfter(AnalyticsPeriod.fromString("2022"))).toBe(true);
    expect(AnalyticsPeriod.fillRange("2023/Q4", "2024/02").map(String)).toEqual([
      "2023/10",
      "2023/11",
      "2023/12",
      "2024/01",
      "2024/02",
    ]);
    expect(AnalyticsPeriod.fillRange("2022", "2024").map(String)).toEqual(["2022", "2023", "2024"]);
  });
});
