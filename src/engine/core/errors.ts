/**
 * An input the engine refuses. `field` names where the problem is (e.g. `inputs[3].start`,
 * `select.budget[0]`) so editors can put a marker there; the message says how to fix it.
 */
export class AnalyticsInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(field ? `${field}: ${message}` : message);
    this.name = "AnalyticsInputError";
    this.field = field;
  }
}
