import {
  AnalyticsInputError,
  granularityFromName,
  granularityNames,
  reviver,
  AnalyticsPath,
} from "../../engine/index.js";
import { parse as parseGraphql } from "graphql";
import type { ConversionJson, PasteDto, PasteFormat, PasteResult, QueryJson } from "../../rpc/protocol.js";

const FORMAT_LABELS: Record<PasteFormat, string> = {
  editor: "the editor's query JSON",
  analyticsFilter: "a GraphQL AnalyticsFilter",
  filterVariables: 'GraphQL variables { "filter": … }',
  graphqlRequest: "a GraphQL request body { query, variables }",
  serializedQuery: "a serialized AnalyticsQuery (engine JSON)",
  sql: "SQL",
  graphqlDocument: "a GraphQL document",
};

/** What the paste box accepts, shown when it recognises nothing. */
export const PASTE_HELP = `Paste one of:
• a GraphQL AnalyticsFilter: { "start": "2023-01-01", "end": "2024-01-01", "granularity": "monthly", "metrics": ["Budget"], "dimensions": [{ "name": "budget", "select": "atlas/legacy", "lod": 3 }], "currency": "DAI" }
• the same as { "filter": { … } } or a whole GraphQL request { "query": "…", "variables": { "filter": { … } } }, optionally with "conversions": [{ "metric": "MKR-DAI", "sourceCurrency": "MKR" }]
• a serialized AnalyticsQuery: { "start": "2023-01-01T00:00:00.000Z", "granularity": 4, "select": { "budget": [{ "_t": 0, "_v": "atlas" }] }, "lod": {}, … }
• SQL (SELECT, WITH, EXPLAIN, …): it opens in the SQL editor.
• a GraphQL document such as { analytics { series(filter: { … }) { period rows { metric value } } } }: it runs in the GraphQL pane.`;

const SQL_START =
  /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(select|with|explain|insert|update|delete|create|alter|drop|truncate|begin|copy|values|table|show|set|analyze|vacuum)\b/i;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v));

/** ISO date when the instant is a UTC midnight (the editor's usual form), else the full ISO instant. */
function isoDate(value: unknown, field: string): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value !== "string")
    throw new AnalyticsInputError(field, `expected an ISO date such as "2023-01-01", got ${show(value)}`);
  const ms = Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value) ? `${value}Z` : value);
  if (Number.isNaN(ms))
    throw new AnalyticsInputError(field, `"${value}" is not a valid ISO date; write e.g. "2023-01-01"`);
  const iso = new Date(ms).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}

function granularityName(value: unknown, field = "granularity"): string {
  if (typeof value === "number" && granularityNames[value as keyof typeof granularityNames])
    return granularityNames[value as keyof typeof granularityNames];
  if (typeof value === "string") {
    const g = granularityFromName(value);
    if (g !== undefined) return granularityNames[g];
  }
  throw new AnalyticsInputError(
    field,
    `unknown granularity ${show(value)}; use one of ${Object.values(granularityNames).join(", ")} (or 0–7)`,
  );
}

const pathText = (v: unknown, field: string): string => {
  if (v instanceof AnalyticsPath) return v.toString();
  if (typeof v === "string") return v;
  throw new AnalyticsInputError(field, `expected a path such as "atlas/legacy", got ${show(v)}`);
};

/** The GraphQL API's AnalyticsFilter → the editor's query. Several entries for one dimension add their paths. */
export function fromAnalyticsFilter(filter: Record<string, unknown>, at = ""): { query: QueryJson; notes: string[] } {
  const f = (name: string) => (at ? `${at}.${name}` : name);
  const notes: string[] = [];
  if (!Array.isArray(filter.metrics))
    throw new AnalyticsInputError(
      f("metrics"),
      `expected a list of metrics such as ["Budget"], got ${show(filter.metrics)}`,
    );
  const dimensions = filter.dimensions ?? [];
  if (!Array.isArray(dimensions))
    throw new AnalyticsInputError(f("dimensions"), `expected a list of { name, select, lod }, got ${show(dimensions)}`);
  const select: Record<string, string[]> = {};
  const lod: Record<string, number | null> = {};
  dimensions.forEach((d: unknown, i) => {
    const field = f(`dimensions[${i}]`);
    if (!isObject(d) || typeof d.name !== "string" || d.name === "")
      throw new AnalyticsInputError(
        field,
        `expected { "name": "budget", "select": "atlas", "lod": 2 }, got ${show(d)}`,
      );
    const paths = Array.isArray(d.select)
      ? d.select
      : d.select === undefined || d.select === null || d.select === ""
        ? []
        : [d.select];
    (select[d.name] ??= []).push(
      ...paths.map((p, j) => pathText(p, `${field}.select${Array.isArray(d.select) ? `[${j}]` : ""}`)),
    );
    if (d.lod !== undefined && d.lod !== null) {
      if (d.name in lod && lod[d.name] !== d.lod)
        notes.push(`dimension ${d.name} has two lods (${lod[d.name]} and ${d.lod}); kept ${lod[d.name]}`);
      else lod[d.name] = d.lod as number;
    }
  });
  const query: QueryJson = {
    metrics: filter.metrics as string[],
    currency:
      filter.currency === undefined || filter.currency === null || filter.currency === ""
        ? null
        : pathText(filter.currency, f("currency")),
    select,
    lod,
    granularity: granularityName(filter.granularity, f("granularity")),
    start: isoDate(filter.start, f("start")),
    end: isoDate(filter.end, f("end")),
  };
  return { query, notes };
}

/** The engine's serialized AnalyticsQuery (paths as `{ _t: 0, _v }`, granularity a number) → the editor's query. */
function fromSerializedQuery(json: Record<string, unknown>): QueryJson {
  const revived = JSON.parse(JSON.stringify(json), reviver) as Record<string, unknown>;
  if (!isObject(revived.select))
    throw new AnalyticsInputError("select", `expected an object of dimension → paths, got ${show(revived.select)}`);
  return {
    metrics: revived.metrics as string[],
    currency:
      revived.currency === undefined || revived.currency === null ? null : pathText(revived.currency, "currency"),
    select: Object.fromEntries(
      Object.entries(revived.select).map(([d, paths]) => {
        if (!Array.isArray(paths))
          throw new AnalyticsInputError(`select.${d}`, `expected a list of paths, got ${show(paths)}`);
        return [d, paths.map((p, i) => pathText(p, `select.${d}[${i}]`))];
      }),
    ),
    lod: (revived.lod ?? {}) as Record<string, number | null>,
    granularity: granularityName(revived.granularity),
    start: isoDate(revived.start, "start"),
    end: isoDate(revived.end, "end"),
  };
}

export function conversionsOf(value: unknown, field: string): ConversionJson[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw new AnalyticsInputError(field, `expected a list of { metric, sourceCurrency }, got ${show(value)}`);
  return value.map((c: unknown, i) => {
    const currency = isObject(c) ? (c.sourceCurrency ?? c.currency) : undefined;
    if (!isObject(c) || typeof c.metric !== "string" || typeof currency !== "string") {
      throw new AnalyticsInputError(
        `${field}[${i}]`,
        `expected { "metric": "MKR-DAI", "sourceCurrency": "MKR" }, got ${show(c)}`,
      );
    }
    return { metric: c.metric, currency };
  });
}

const looksLikeFilter = (v: unknown): boolean =>
  isObject(v) && Array.isArray(v.metrics) && ("dimensions" in v || "granularity" in v) && !isObject(v.select);
const looksSerialized = (v: Record<string, unknown>) =>
  isObject(v.select) && (typeof v.granularity === "number" || JSON.stringify(v).includes('"_t"'));

const GRAPHQL_START = /^\s*(?:#[^\n]*\n\s*)*(query|mutation|subscription|fragment|\{)/;

/** A pasted document that graphql-js parses; one that starts like GraphQL but does not parse is refused with the syntax error. */
function graphqlDocument(text: string): PasteResult | null {
  const start = GRAPHQL_START.exec(text);
  if (!start) return null;
  try {
    parseGraphql(text);
  } catch (e) {
    // A lone brace is as likely broken JSON as GraphQL; a keyword is GraphQL.
    if (start[1] === "{") return null;
    throw new AnalyticsInputError(
      "",
      `this looks like GraphQL but does not parse: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return { kind: "graphql", format: "graphqlDocument", request: { query: text }, notes: [] };
}

/**
 * Recognises what was pasted and converts it to the editor's query (or routes SQL to the SQL
 * editor). Throws AnalyticsInputError with PASTE_HELP when it recognises nothing.
 */
export function detectPaste(text: string): PasteResult {
  const trimmed = text.trim();
  if (trimmed === "") throw new AnalyticsInputError("", `nothing was pasted.\n${PASTE_HELP}`);
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    if (SQL_START.test(trimmed)) return { kind: "sql", format: "sql", sql: trimmed, notes: [] };
    const graphqlDoc = graphqlDocument(trimmed);
    if (graphqlDoc) return graphqlDoc;
    throw new AnalyticsInputError("", `this is neither JSON, SQL nor GraphQL.\n${PASTE_HELP}`);
  }
  if (!isObject(json))
    throw new AnalyticsInputError(
      "",
      `expected a JSON object, got ${Array.isArray(json) ? "an array" : show(json)}.\n${PASTE_HELP}`,
    );

  if (typeof json.query === "string" && (json.variables === undefined || json.variables === null))
    return { kind: "graphql", format: "graphqlDocument", request: { query: json.query }, notes: [] };
  if (typeof json.query === "string" && isObject(json.variables)) {
    const variables = json.variables;
    const [name, filter] = Object.entries(variables).find(([, v]) => looksLikeFilter(v)) ?? [];
    // No filter in the variables (inline arguments, or names only): the request runs as it is.
    if (!filter || !name)
      return {
        kind: "graphql",
        format: "graphqlDocument",
        request: { query: json.query, variables: JSON.stringify(variables, null, 2) },
        notes: [],
      };
    const { query, notes } = fromAnalyticsFilter(filter as Record<string, unknown>, `variables.${name}`);
    const conversions = conversionsOf(variables.conversions, "variables.conversions");
    return { kind: "query", format: "graphqlRequest", query, conversions, notes };
  }
  if (looksLikeFilter(json.filter)) {
    const { query, notes } = fromAnalyticsFilter(json.filter as Record<string, unknown>, "filter");
    return {
      kind: "query",
      format: "filterVariables",
      query,
      conversions: conversionsOf(json.conversions, "conversions"),
      notes,
    };
  }
  if (looksLikeFilter(json)) {
    const { query, notes } = fromAnalyticsFilter(json);
    return {
      kind: "query",
      format: "analyticsFilter",
      query,
      conversions: conversionsOf(json.conversions, "conversions"),
      notes,
    };
  }
  if (isObject(json.select) && looksSerialized(json))
    return { kind: "query", format: "serializedQuery", query: fromSerializedQuery(json), notes: [] };
  if (isObject(json.select) && typeof json.granularity === "string") {
    return { kind: "query", format: "editor", query: json as unknown as QueryJson, notes: [] };
  }
  throw new AnalyticsInputError(
    "",
    `this JSON is not a query the playground knows (keys: ${Object.keys(json).join(", ") || "none"}).\n${PASTE_HELP}`,
  );
}

/** The detectPaste method: what the text is, and how the page names it. */
export function detect(text: string): PasteDto {
  const result = detectPaste(text);
  return { ...result, label: FORMAT_LABELS[result.format] };
}
