import { AnalyticsInputError } from "../../engine/index.js";

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF rows. */
export const parseCsv = (text: string): string[][] => [...csvRecords(text)];

const blank = (r: string[]) => r.length === 1 && r[0].trim() === "";

/** `parseCsv`'s records one at a time (blank lines skipped), so a caller can pause between them. */
export function* csvRecords(text: string): Generator<string[], void> {
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      if (!blank(row)) yield row;
      row = [];
      field = "";
      line++;
    } else field += c;
  }
  if (quoted) throw new AnalyticsInputError("csv", `line ${quoteLine}: a quoted field is never closed; end it with "`);
  if (field !== "" || row.length > 0) {
    row.push(field);
    if (!blank(row)) yield row;
  }
}
