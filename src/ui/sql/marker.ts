/**
 * The range to mark for Postgres' error position: the word or quoted name starting there, so
 * `relation "nowhere"` underlines `nowhere`, not one letter. Past the end (an unexpected end of
 * input), the last character.
 */
export function errorRange(text: string, offset: number): { start: number; end: number } {
  if (text.length === 0) return { start: 0, end: 0 };
  const start = Math.min(Math.max(0, offset), text.length - 1);
  if (text[start] === '"') {
    const close = text.indexOf('"', start + 1);
    return { start, end: close > start ? close + 1 : start + 1 };
  }
  let end = start;
  while (end < text.length && /[\w$]/.test(text[end])) end++;
  return { start, end: Math.max(end, start + 1) };
}
