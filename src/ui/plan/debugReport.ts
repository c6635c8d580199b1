import { bindingLines } from "../logs/bindings.js";
import type { BackendInfo, ExecuteResult, Plan, PlanNode } from "../../rpc/protocol.js";

/** Read from package.json at build time (vite.config.ts). */
declare const __VERSIONS__: { engine: string; pglite: string };

/** Plans explained in this page, by log entry id: the report includes the ones the user asked for. */
export const explainedPlans = new Map<number, Plan>();

type ReportInput = {
  /** The editor text that ran. */
  query: string;
  result: ExecuteResult;
  backend: BackendInfo | null;
  dataset: string;
};

const fence = (lang: string, text: string) => `\`\`\`${lang}\n${text.replace(/```/g, "ʼʼʼ")}\n\`\`\``;
const ms = (n: number | undefined) => (n === undefined ? "—" : n.toFixed(2));

function planLines(n: PlanNode, depth = 0): string[] {
  const rel = n.relationship && !/^(Outer|Inner|Member)$/.test(n.relationship) ? `[${n.relationship}] ` : "";
  const line =
    `${"  ".repeat(depth)}${rel}${n.label} · self ${ms(n.selfMs)} ms · total ${ms(n.totalMs)} ms · ` +
    `rows ${n.rows}${n.loops > 1 ? ` × ${n.loops}` : ""} (est ${n.planRows})` +
    (n.buffers ? ` · buffers hit ${n.buffers.hit} read ${n.buffers.read}` : "") +
    (n.detail ? ` · ${n.detail}` : "");
  return [line, ...n.children.flatMap((c) => planLines(c, depth + 1))];
}

/** Everything needed to reproduce and discuss one run, as Markdown. */
export function debugReport({ query, result, backend, dataset }: ReportInput): string {
  const out = [
    `# Analytics Playground debug report — run #${result.runId}`,
    "",
    `- dataset: ${dataset}`,
    `- backend: ${backend ? `${backend.label}${backend.version ? ` · ${backend.version}` : ""}${backend.database ? ` · ${backend.database}` : ""}` : "unknown"}`,
    `- versions: engine ${__VERSIONS__.engine}, PGlite ${__VERSIONS__.pglite}`,
    `- result: ${result.results.length} period${result.results.length === 1 ? "" : "s"}, ${result.results.reduce((n, p) => n + p.rows.length, 0)} rows, ${result.elapsedMs.toFixed(1)} ms`,
    "",
    "## Query",
    fence("json", query),
  ];
  if (result.warnings?.length)
    out.push("", "## Names that matched nothing", ...result.warnings.map((w) => `- ${w.message}`));
  out.push("", "## Statements");
  for (const e of result.logs) {
    out.push(
      "",
      `### Statement ${e.index} · ${e.status === "error" ? `failed: ${e.error ?? ""}` : `${e.rowCount ?? 0} rows · ${ms(e.durationMs)} ms`}`,
      fence("sql", e.sql),
    );
    if (e.native)
      out.push(
        "",
        "As sent, with its bound values:",
        fence("sql", e.native.sql),
        "",
        ...bindingLines(e.native.bindings).map((l) => `- \`${l.replace(/`/g, "ʼ")}\``),
      );
    const plan = explainedPlans.get(e.id);
    if (plan)
      out.push(
        "",
        `Plan${plan.prepared === "kept" ? " (kept for the query's shape, made without the values)" : plan.prepared === "per run" ? " (prepared, planned for the values)" : ""}: execution ${ms(plan.executionMs)} ms under EXPLAIN ANALYZE${plan.timing ? "" : " (timing off)"}, planning ${ms(plan.planningMs)} ms${plan.realMs !== undefined ? `, real run ${ms(plan.realMs)} ms` : ""}`,
        fence("text", planLines(plan.root).join("\n")),
      );
  }
  out.push(
    "",
    "## Profiler stages",
    "",
    "| stage | start ms | duration ms |",
    "| --- | ---: | ---: |",
    ...result.timings.map((t) => `| ${t.metric} | ${t.startMs.toFixed(2)} | ${t.durationMs.toFixed(2)} |`),
  );
  return out.join("\n") + "\n";
}
