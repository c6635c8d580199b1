import { applyEdits, findNodeAtLocation, modify, parse, parseTree, type ParseError } from "jsonc-parser";

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: "\n" } };

/**
 * The query text with `path` in `select[dimension]`: instead of what was there, or added to it.
 * Edits in place, so the rest of the text (formatting, other fields) stays as the user wrote it.
 */
export function withSelectedPath(
  text: string,
  dimension: string,
  path: string,
  add: boolean,
): { text: string } | { error: string } {
  const errors: ParseError[] = [];
  const query = parse(text, errors, { allowTrailingComma: false });
  if (errors.length > 0 || !query || typeof query !== "object" || Array.isArray(query)) {
    return { error: "The query editor does not hold a valid JSON query; fix it, then pick the path again." };
  }
  const current: unknown = (query as { select?: Record<string, unknown> }).select?.[dimension];
  const kept = add && Array.isArray(current) ? current.filter((p) => p !== path) : [];
  return { text: applyEdits(text, modify(text, ["select", dimension], [...kept, path], FORMAT)) };
}

/** Where `select[dimension]` is in the text, to select it in the editor. */
export function selectRange(text: string, dimension: string): { offset: number; length: number } | null {
  const root = parseTree(text);
  const node = root && findNodeAtLocation(root, ["select", dimension]);
  return node ? { offset: node.offset, length: node.length } : null;
}
