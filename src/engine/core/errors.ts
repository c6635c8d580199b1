/** A field name, or a function that makes it: hot paths build names only when they fail. */
export type Field = string | (() => string);

export const fieldName = (field: Field): string => (typeof field === "string" ? field : field());

/**
 * An input the engine refuses. `field` names where the problem is (e.g. `inputs[3].start`,
 * `select.budget[0]`) so editors can put a marker there; the message says how to fix it.
 */
export class AnalyticsInputError extends Error {
  readonly field: string;
  /** The message without the field. */
  readonly detail: string;

  constructor(field: Field, detail: string) {
    const name = fieldName(field);
    super(name ? `${name}: ${detail}` : detail);
    this.name = "AnalyticsInputError";
    this.field = name;
    this.detail = detail;
  }

  /** The same error for a field inside `prefix`: `start` inside `inputs[3]` is `inputs[3].start`. */
  under(prefix: string): AnalyticsInputError {
    return new AnalyticsInputError(this.field ? `${prefix}.${this.field}` : prefix, this.detail);
  }
}
