import type { PeriodDto } from "../../rpc/protocol.js";

/** Saves a blob as a file through a temporary link (works offline, no permission prompt). */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
 * carriage return: OWASP's rule for CSV injection) gets a leading `'`, so `=HYPERLINK(…)` in a
 * label shows as text. Numbers are written as numbers, negative ones included.
 */
export const csvCell = (v: string | number | null | undefined): string => {
  const text = v === null || v === undefined ? "" : String(v);
  const s = typeof v === "string" && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * One line per period and row, as the table shows them: period, start, end, one column per
 * dimension (its path), metric, unit, value, sum. Numbers are written in full.
 */
export function resultsToCsv(results: PeriodDto[]): string {
  const dims = [...new Set(results.flatMap((p) => p.rows.flatMap((r) => Object.keys(r.dimensions))))];
  const lines = [["period", "start", "end", ...dims, "metric", "unit", "value", "sum"].map(csvCell).join(",")];
  for (const p of results) {
    for (const r of p.rows)
      lines.push(
        [p.period, p.start, p.end, ...dims.map((d) => r.dimensions[d]?.path), r.metric, r.unit, r.value, r.sum]
          .map(csvCell)
          .join(","),
      );
  }
  return lines.join("\n") + "\n";
}

/** A file-name stamp: 2024-05-01T12-30-05. */
export const stamp = () => new Date().toISOString().slice(0, 19).replace(/:/g, "-");
