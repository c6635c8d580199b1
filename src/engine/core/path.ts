import { AnalyticsInputError, type Field } from "./errors.js";
import { AnalyticsSerializerTypes } from "./serializerTypes.js";

const SPECIAL = /[\\:/,]/g;

/**
 * Splits on `separator` where it is not escaped by `\`, keeping escapes in the parts.
 * Throws on a dangling `\` so that a typo never silently becomes another path; with `field`
 * null (text already stored) a dangling `\` stays as it is.
 */
function splitEscaped(text: string, separator: string, field: Field | null): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") {
      if (i + 1 >= text.length) {
        if (field === null) {
          current += ch;
          break;
        }
        throw new AnalyticsInputError(field, `dangling "\\" at the end of "${text}"; escape a backslash as "\\\\"`);
      }
      current += ch + text[i + 1];
      i++;
    } else if (ch === separator) {
      parts.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescapeText(text: string): string {
  return text.replace(/\\(.)/g, "$1");
}

/**
 * One segment of a path: `SES-001`, `*` (any), or `a,b` (several filters), optionally with
 * `:groups`. Filters `null` means "any" (`*`).
 */
export class AnalyticsPathSegment {
  readonly filters: string[] | null;
  readonly groups: string[] | null;

  constructor(filters: string[] | null = null, groups: string[] | null = []) {
    this.filters = filters;
    this.groups = groups;
  }

  static fromString(segment: string, field: Field = "path"): AnalyticsPathSegment {
    const [filterPart, groupPart, extra] = splitEscaped(segment, ":", field);
    if (extra !== undefined) {
      throw new AnalyticsInputError(
        field,
        `segment "${segment}" has more than one ":"; escape a literal colon as "\\:"`,
      );
    }
    const filters = filterPart === "*" ? null : splitEscaped(filterPart, ",", field).map(unescapeText);
    let groups: string[] | null = [];
    if (groupPart === "*") groups = null;
    else if (groupPart !== undefined && groupPart !== "")
      groups = splitEscaped(groupPart, ",", field).map(unescapeText);
    return new AnalyticsPathSegment(filters, groups);
  }

  static escape(text: string): string {
    return text.replace(SPECIAL, (c) => "\\" + c);
  }

  static unescape(text: string): string {
    return unescapeText(text);
  }

  /** True for the `*` segment that LOD padding produces. */
  isWildcard(): boolean {
    return this.filters === null;
  }

  toString(): string {
    let out = this.filters === null ? "*" : this.filters.map(AnalyticsPathSegment.escape).join(",");
    if (this.groups === null) out += ":*";
    else if (this.groups.length > 0) out += ":" + this.groups.map(AnalyticsPathSegment.escape).join(",");
    return out;
  }

  toJSON(): { _t: AnalyticsSerializerTypes; _v: string } {
    return { _t: AnalyticsSerializerTypes.AnalyticsPathSegment, _v: this.toString() };
  }
}

/** A `/`-separated path such as `atlas/legacy/core-units/SES-001`. Immutable. */
export class AnalyticsPath {
  readonly segments: readonly AnalyticsPathSegment[];

  constructor(segments: readonly AnalyticsPathSegment[]) {
    this.segments = segments;
  }

  /**
   * Parses `a/b/c`. One trailing `/` is accepted because the database stores paths that way;
   * an empty segment anywhere else is an error, since `a//b` is almost always a typo.
   */
  static fromString(path: string, field: Field = "path"): AnalyticsPath {
    if (typeof path !== "string") {
      throw new AnalyticsInputError(field, `expected a path string such as "atlas/legacy", got ${describe(path)}`);
    }
    let text = path;
    if (endsWithSeparator(text)) text = text.slice(0, -1);
    if (text === "") return new AnalyticsPath([]);
    const parts = splitEscaped(text, "/", field);
    parts.forEach((p, i) => {
      if (p === "") {
        throw new AnalyticsInputError(field, `empty segment ${i + 1} in "${path}"; remove the extra "/"`);
      }
    });
    return new AnalyticsPath(parts.map((p) => AnalyticsPathSegment.fromString(p, field)));
  }

  /**
   * A path as the database holds it (with its trailing `/`). Rows already stored are shown as
   * they are, never refused: where `fromString` would throw (an empty segment as in `atlas//`,
   * a dangling `\`, a second `:`), each segment that does not parse back to its own text keeps
   * that text.
   */
  static fromStored(path: string): AnalyticsPath {
    try {
      return AnalyticsPath.fromString(path);
    } catch {
      const text = endsWithSeparator(path) ? path.slice(0, -1) : path;
      return new AnalyticsPath(splitEscaped(text, "/", null).map(storedSegment));
    }
  }

  static fromStringArray(segments: string[]): AnalyticsPath {
    return new AnalyticsPath(segments.map((s) => AnalyticsPathSegment.fromString(s)));
  }

  static fromArray(segments: AnalyticsPathSegment[]): AnalyticsPath {
    return new AnalyticsPath(segments);
  }

  static fromJSON(json: { _v: string } | string): AnalyticsPath {
    return AnalyticsPath.fromString(typeof json === "string" ? json : json._v);
  }

  toString(tail = ""): string {
    return this.segments.map((s) => s.toString()).join("/") + tail;
  }

  toJSON(): { _t: AnalyticsSerializerTypes; _v: string } {
    return { _t: AnalyticsSerializerTypes.AnalyticsPath, _v: this.toString() };
  }

  firstSegment(): AnalyticsPathSegment {
    return this.segments[0] ?? new AnalyticsPathSegment();
  }

  /** The path without its first segment (`*` when nothing is left). */
  reduce(): AnalyticsPath {
    const rest = this.segments.slice(1);
    return new AnalyticsPath(rest.length > 0 ? rest : [new AnalyticsPathSegment()]);
  }

  /** Cut to `lod` segments, padding with `*` where the path is shorter. */
  applyLod(lod: number): AnalyticsPath {
    const out = this.segments.slice(0, lod);
    while (out.length < lod) out.push(new AnalyticsPathSegment());
    return new AnalyticsPath(out);
  }

  /** True when `other` equals this path or lies under it, on segment boundaries. */
  contains(other: AnalyticsPath): boolean {
    if (other.segments.length < this.segments.length) return false;
    return this.segments.every((s, i) => s.toString() === other.segments[i].toString());
  }

  equals(other: AnalyticsPath): boolean {
    return this.toString() === other.toString();
  }
}

/** A segment that prints as `text`, its stored form. */
class StoredSegment extends AnalyticsPathSegment {
  constructor(private readonly stored: string) {
    super([stored], []);
  }

  override toString(): string {
    return this.stored;
  }
}

function storedSegment(text: string): AnalyticsPathSegment {
  try {
    const segment = AnalyticsPathSegment.fromString(text);
    if (segment.toString() === text) return segment;
  } catch {
    // kept as stored, below
  }
  return new StoredSegment(text);
}

/** True when `text` ends in a `/` that is a separator: preceded by an even number of `\`. */
function endsWithSeparator(text: string): boolean {
  if (!text.endsWith("/")) return false;
  let backslashes = 0;
  for (let i = text.length - 2; i >= 0 && text[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value) : typeof value;
}
