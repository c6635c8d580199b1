// How a script's values read: console arguments as text (the same text in Node and in the
// browser, so a run can be compared line by line), and its result as JSON.
import type { JsonValue } from "../../rpc/protocol.js";
import type { ScriptResult } from "../../rpc/script.js";

const MAX_DEPTH = 4;
const MAX_ITEMS = 100;
const LINE = 80;

/** A class instance that says what it is in its own toString (AnalyticsPath, luxon's DateTime, …). */
function ownString(value: object): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  const proto = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype || Array.isArray(value)) return null;
  return typeof value.toString === "function" && value.toString !== Object.prototype.toString ? String(value) : null;
}

/**
 * Class names by prototype, from the modules' exports: a bundler renames classes (the browser's
 * AnalyticsPath is `e`), and a line must read the same in the page as under Node.
 */
export type ClassNames = ReadonlyMap<object, string>;

export function classNamesOf(modules: Record<string, Record<string, unknown>>): ClassNames {
  const names = new Map<object, string>();
  for (const exports of Object.values(modules))
    for (const [name, value] of Object.entries(exports))
      if (typeof value === "function" && value.prototype && !names.has(value.prototype))
        names.set(value.prototype, name);
  return names;
}

function inspectValue(value: unknown, depth: number, indent: string, seen: Set<object>, names: ClassNames): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "bigint":
      return `${value}n`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "function":
      return `[Function: ${value.name || "anonymous"}]`;
    case "symbol":
      return value.toString();
    case "undefined":
      return "undefined";
    case "boolean":
      return String(value);
  }
  if (value === null) return "null";
  const obj = value as object;
  if (obj instanceof Error) return `${obj.name}: ${obj.message}`;
  const own = ownString(obj);
  const proto = Object.getPrototypeOf(obj);
  const name = names.get(proto) ?? (proto?.constructor?.name as string | undefined) ?? "";
  if (own !== null) return obj instanceof Date ? own : `${name}(${own})`;
  if (seen.has(obj)) return "[Circular]";
  const isArray = Array.isArray(obj);
  const label = isArray
    ? ""
    : obj instanceof Map || obj instanceof Set
      ? `${name}(${obj.size}) `
      : name && name !== "Object"
        ? `${name} `
        : "";
  if (depth >= MAX_DEPTH) return isArray ? `[Array(${obj.length})]` : `[${name || "Object"}]`;
  seen.add(obj);
  const inner = indent + "  ";
  const show = (v: unknown) => inspectValue(v, depth + 1, inner, seen, names);
  let parts: string[];
  if (isArray) parts = obj.slice(0, MAX_ITEMS).map(show);
  else if (obj instanceof Map) parts = [...obj].slice(0, MAX_ITEMS).map(([k, v]) => `${show(k)} => ${show(v)}`);
  else if (obj instanceof Set) parts = [...obj].slice(0, MAX_ITEMS).map(show);
  else
    parts = Object.entries(obj)
      .slice(0, MAX_ITEMS)
      .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${show(v)}`);
  seen.delete(obj);
  const total = isArray ? obj.length : obj instanceof Map || obj instanceof Set ? obj.size : Object.keys(obj).length;
  if (total > MAX_ITEMS) parts.push(`… ${total - MAX_ITEMS} more`);
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (parts.length === 0) return `${label}${open}${close}`;
  const flat = `${label}${open} ${parts.join(", ")} ${close}`;
  if (flat.length + indent.length <= LINE && !flat.includes("\n")) return flat;
  return `${label}${open}\n${parts.map((p) => inner + p).join(",\n")}\n${indent}${close}`;
}

/** One console line from its arguments: strings as they are, anything else inspected. */
export function formatArgs(args: unknown[], names: ClassNames = new Map()): string {
  return args.map((a) => (typeof a === "string" ? a : inspectValue(a, 0, "", new Set(), names))).join(" ");
}

/** JSON-safe: dates and class instances with their own toString (paths, DateTimes) become strings. */
function toJson(value: unknown, seen: Set<object>): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value !== "object") return String(value);
  const own = ownString(value);
  if (own !== null) return own;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  try {
    if (value instanceof Error) return { name: value.name, message: value.message };
    if (Array.isArray(value) || value instanceof Set) return [...value].map((v) => toJson(v, seen));
    if (value instanceof Map) return [...value].map(([k, v]) => [toJson(k, seen), toJson(v, seen)]);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v, seen)]));
  } finally {
    seen.delete(value);
  }
}

/** A script's value as JSON (DateTimes and paths as strings), e.g. to send it to the page. */
export const toJsonSafe = (value: unknown): JsonValue => toJson(value, new Set());

const isObject = (v: JsonValue): v is { [key: string]: JsonValue } =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A script's result, with its shape: a GroupedPeriodResults renders as a chart, plain rows as a table. */
export function toScriptResult(value: unknown): ScriptResult {
  const json = toJson(value, new Set());
  if (Array.isArray(json) && json.length > 0 && json.every(isObject)) {
    const periods = json.every(
      (p) =>
        typeof p.period === "string" &&
        typeof p.start === "string" &&
        typeof p.end === "string" &&
        Array.isArray(p.rows),
    );
    return { shape: periods ? "periods" : "rows", json };
  }
  return { shape: "value", json };
}
