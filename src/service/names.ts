// Names in a query checked against what the store holds: an unknown metric, currency, dimension
// or path matches nothing and the engine says nothing, so the result says it (with the nearest name).
import type { NameWarning, QueryJson } from "../rpc/protocol.js";

export type NameCatalog = { metrics: string[]; currencies: string[]; dimensions: Map<string, string[]> };

const LIST = 8;
const listed = (names: string[]) => names.slice(0, LIST).join(", ") + (names.length > LIST ? ", …" : "");

/** Edit distance (insert, delete, substitute, swap of neighbours), case-insensitive. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The closest known name, when it is close enough to be the one meant. */
function nearest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

function warning(field: string, what: string, name: string, known: string[], knownLabel = "known"): NameWarning {
  const suggestion = nearest(name, known);
  return {
    field,
    name,
    ...(suggestion ? { suggestion } : {}),
    message: `no ${what} '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ""}; ${knownLabel}: ${known.length ? listed(known) : "none"}`,
  };
}

/** A select path matches when a stored path is it or under it; `*`, `,` and `:` segments are patterns and not checked. */
function checkPath(dim: string, path: string, stored: string[], field: string): NameWarning | null {
  if (path === "" || /[*,:\\]/.test(path)) return null;
  const clean = (p: string) => p.replace(/\/$/, "");
  const paths = stored.map(clean);
  const want = clean(path);
  if (paths.some((p) => p === want || p.startsWith(`${want}/`))) return null;
  // The deepest prefix that exists, and the names one level below it: what the user could have meant.
  const parts = want.split("/");
  let depth = parts.length - 1;
  while (
    depth > 0 &&
    !paths.some((p) => p === parts.slice(0, depth).join("/") || p.startsWith(`${parts.slice(0, depth).join("/")}/`))
  )
    depth--;
  const base = parts.slice(0, depth).join("/");
  const children = [
    ...new Set(
      paths
        .filter((p) => depth === 0 || p.startsWith(`${base}/`))
        .map((p) =>
          p
            .split("/")
            .slice(0, depth + 1)
            .join("/"),
        ),
    ),
  ].sort();
  return warning(field, `${dim} path`, want, children, depth === 0 ? "known" : `known under '${base}'`);
}

export function checkNames(q: QueryJson, catalog: NameCatalog): NameWarning[] {
  const out: NameWarning[] = [];
  const metrics = catalog.metrics;
  const lower = new Set(metrics.map((m) => m.toLowerCase()));
  q.metrics.forEach((m, i) => {
    if (!lower.has(m.toLowerCase())) out.push(warning(`metrics[${i}]`, "metric", m, metrics));
  });
  q.conversions?.forEach((c, i) => {
    if (!lower.has(c.metric.toLowerCase())) out.push(warning(`conversions[${i}].metric`, "metric", c.metric, metrics));
  });
  if (q.currency && q.currency !== "*") {
    for (const unit of q.currency.split(",")) {
      if (unit !== "" && !catalog.currencies.includes(unit))
        out.push(warning("currency", "currency", unit, catalog.currencies));
    }
  }
  const dims = [...catalog.dimensions.keys()].sort();
  for (const [dim, paths] of Object.entries(q.select)) {
    const stored = catalog.dimensions.get(dim);
    if (!stored) {
      out.push(warning(`select.${dim}`, "dimension", dim, dims));
      continue;
    }
    paths.forEach((p, j) => {
      const w = checkPath(dim, p, stored, `select.${dim}[${j}]`);
      if (w) out.push(w);
    });
  }
  return out;
}
