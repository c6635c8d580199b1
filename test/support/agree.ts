/**
 * Results from two databases, made comparable: every fractional number to 12 significant digits.
 * A float sum adds its values in the order its plan meets the rows, and two databases (the tab's
 * PGlite with a plan kept per shape, a server planning per run) may meet them in different orders:
 * 1663.32 and 1663.3200000000002 are the same answer. The Compare pane's rule is the same in
 * spirit (`differs`: 1e-9 relative). Everything else must be equal.
 */
export function agreeing<T>(value: T): T {
  if (typeof value === "number") return (Number.isInteger(value) ? value : Number(value.toPrecision(12))) as T;
  if (Array.isArray(value)) return value.map(agreeing) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, agreeing(v)])) as T;
  return value;
}
