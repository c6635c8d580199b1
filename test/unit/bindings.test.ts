import { describe, expect, it } from "vitest";
import { bindingLines, bindingText, foldsAny } from "../../src/ui/logs/bindings.js";
import { toBindingsDto } from "../../src/service/dto.js";

describe("bound values for the log", () => {
  it("types each value as the driver sends it; dates become ISO text", () => {
    const at = new Date("2024-01-01T00:00:00Z");
    expect(
      toBindingsDto([
        "budget",
        3,
        2.5,
        true,
        null,
        at,
        [1, 2],
        ["a", null],
        [],
        [1, "x"],
        { a: 1 },
        new Uint8Array([1, 255]),
      ]),
    ).toEqual([
      { type: "text", value: "budget" },
      { type: "number", value: 3 },
      { type: "number", value: 2.5 },
      { type: "boolean", value: true },
      { type: "null", value: null },
      { type: "timestamptz", value: "2024-01-01T00:00:00.000Z" },
      { type: "number[]", value: [1, 2] },
      { type: "text[]", value: ["a", null] },
      { type: "null[]", value: [] },
      { type: "json[]", value: [1, "x"] },
      { type: "json", value: { a: 1 } },
      { type: "bytea", value: "\\x01ff" },
    ]);
  });

  it("cuts an array binding to its first 200 elements and keeps its length", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => i);
    const [b] = toBindingsDto([ids]);
    expect(b).toEqual({ type: "number[]", value: ids.slice(0, 200), length: 1000 });
    expect(bindingText(b, true)).toBe("[0, 1, …998 more…]");
    expect(bindingText(b, false)).toBe(`[${ids.slice(0, 200).join(", ")}, …800 more not logged]`);
  });

  it("folds arrays longer than eight to their ends, like the inlined literals", () => {
    const nine = { type: "text[]", value: ["a", "b", "c", "d", "e", "f", "g", "h", "i"] };
    const eight = { type: "number[]", value: [1, 2, 3, 4, 5, 6, 7, 8] };
    expect(bindingText(nine, true)).toBe('["a", "b", …5 more…, "h", "i"]');
    expect(bindingText(nine, false)).toBe('["a", "b", "c", "d", "e", "f", "g", "h", "i"]');
    expect(bindingText(eight, true)).toBe("[1, 2, 3, 4, 5, 6, 7, 8]");
    expect([foldsAny([eight]), foldsAny([eight, nine])]).toEqual([false, true]);
  });

  it("one line per placeholder, for copying and the debug report", () => {
    expect(
      bindingLines([
        { type: "text", value: "Budget" },
        { type: "number", value: 0 },
        { type: "null", value: null },
      ]),
    ).toEqual(['$1 text = "Budget"', "$2 number = 0", "$3 null = null"]);
  });
});
