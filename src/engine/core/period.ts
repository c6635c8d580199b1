import { AnalyticsInputError } from "./errors.js";
import { AnalyticsSerializerTypes } from "./serializerTypes.js";

export enum AnalyticsPeriodType {
  Year = 0,
  Quarter = 1,
  Month = 2,
}

/**
 * A calendar year, quarter or month as the engine names it: `2023`, `2023/Q1`, `2023/01`.
 * Internally a half-open range of months, which makes containment and stepping arithmetic.
 */
export class AnalyticsPeriod {
  readonly type: AnalyticsPeriodType;
  readonly year: number;
  readonly quarter: number | null;
  readonly month: number | null;

  constructor(year: number, quarter?: number, month?: number) {
    if (!Number.isInteger(year)) throw new AnalyticsInputError("period", `year must be an integer, got ${year}`);
    if (month !== undefined) {
      const m = (((month - 1) % 12) + 12) % 12;
      this.year = year + Math.floor((month - 1) / 12);
      this.month = m + 1;
      this.quarter = Math.floor(m / 3) + 1;
      this.type = AnalyticsPeriodType.Month;
    } else if (quarter !== undefined) {
      const q = (((quarter - 1) % 4) + 4) % 4;
      this.year = year + Math.floor((quarter - 1) / 4);
      this.quarter = q + 1;
      this.month = null;
      this.type = AnalyticsPeriodType.Quarter;
    } else {
      this.year = year;
      this.quarter = null;
      this.month = null;
      this.type = AnalyticsPeriodType.Year;
    }
  }

  static fromString(text: string): AnalyticsPeriod {
    const m = /^(\d{4})(?:\/(?:Q([1-4])|(0[1-9]|1[0-2])))?$/.exec(text.trim());
    if (!m) {
      throw new AnalyticsInputError("period", `"${text}" is not a period; write 2023, 2023/Q1 or 2023/01`);
    }
    const year = Number(m[1]);
    if (m[2]) return new AnalyticsPeriod(year, Number(m[2]));
    if (m[3]) return new AnalyticsPeriod(year, undefined, Number(m[3]));
    return new AnalyticsPeriod(year);
  }

  /** Every period of the finer of the two types from p1 through p2. */
  static fillRange(p1: AnalyticsPeriod | string, p2: AnalyticsPeriod | string): AnalyticsPeriod[] {
    const a = typeof p1 === "string" ? AnalyticsPeriod.fromString(p1) : p1;
    const b = typeof p2 === "string" ? AnalyticsPeriod.fromString(p2) : p2;
    const type = Math.max(a.type, b.type) as AnalyticsPeriodType;
    const out: AnalyticsPeriod[] = [];
    let p = a.asType(type, false);
    const last = b.asType(type, true);
    while (!p.comesAfter(last)) {
      out.push(p);
      p = p.nextPeriod();
    }
    return out;
  }

  /** First month index (months since year 0) and the index one past the last. */
  private span(): [number, number] {
    const base = this.year * 12;
    if (this.type === AnalyticsPeriodType.Month) return [base + this.month! - 1, base + this.month!];
    if (this.type === AnalyticsPeriodType.Quarter) return [base + (this.quarter! - 1) * 3, base + this.quarter! * 3];
    return [base, base + 12];
  }

  private asType(type: AnalyticsPeriodType, fromEnd: boolean): AnalyticsPeriod {
    if (type === this.type) return this;
    const [s, e] = this.span();
    const m = fromEnd ? e - 1 : s;
    const year = Math.floor(m / 12);
    if (type === AnalyticsPeriodType.Month) return new AnalyticsPeriod(year, undefined, (m % 12) + 1);
    return new AnalyticsPeriod(year, Math.floor((m % 12) / 3) + 1);
  }

  equals(period: AnalyticsPeriod | string): boolean {
    return this.toString() === period.toString();
  }

  comesAfter(period: AnalyticsPeriod): boolean {
    return this.span()[0] >= period.span()[1];
  }

  comesBefore(period: AnalyticsPeriod): boolean {
    return this.span()[1] <= period.span()[0];
  }

  contains(period: AnalyticsPeriod): boolean {
    const [s, e] = this.span();
    const [ps, pe] = period.span();
    return s <= ps && pe <= e;
  }

  firstMonth(): AnalyticsPeriod {
    return this.asType(AnalyticsPeriodType.Month, false);
  }

  lastMonth(): AnalyticsPeriod {
    return this.asType(AnalyticsPeriodType.Month, true);
  }

  nextPeriod(n = 1): AnalyticsPeriod {
    if (this.type === AnalyticsPeriodType.Month) return new AnalyticsPeriod(this.year, undefined, this.month! + n);
    if (this.type === AnalyticsPeriodType.Quarter) return new AnalyticsPeriod(this.year, this.quarter! + n);
    return new AnalyticsPeriod(this.year + n);
  }

  previousPeriod(n = 1): AnalyticsPeriod {
    return this.nextPeriod(-n);
  }

  /** `YYYY-MM-DD` of the first day. */
  startAsSqlDate(): string {
    const m = this.span()[0];
    return `${String(Math.floor(m / 12)).padStart(4, "0")}-${String((m % 12) + 1).padStart(2, "0")}-01`;
  }

  toString(): string {
    if (this.type === AnalyticsPeriodType.Month) return `${this.year}/${String(this.month).padStart(2, "0")}`;
    if (this.type === AnalyticsPeriodType.Quarter) return `${this.year}/Q${this.quarter}`;
    return String(this.year);
  }

  toJSON(): { _t: AnalyticsSerializerTypes; _v: string } {
    return { _t: AnalyticsSerializerTypes.AnalyticsPeriod, _v: this.toString() };
  }
}
