/*
 * The periods the home dashboard shows, worked out from "now" (pure, so tests pin the date):
 * this and next quarter for the forecast, this year for won deals by owner, the last twelve
 * months for won deals by month. Report keys are the server's date buckets ("2026-10", "2026-10-01").
 */

export interface QuarterRef {
  year: number;
  /** 1..4 */
  quarter: number;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function quarterOf(date: Date): QuarterRef {
  return { year: date.getFullYear(), quarter: Math.floor(date.getMonth() / 3) + 1 };
}

export function nextQuarter(ref: QuarterRef): QuarterRef {
  return ref.quarter === 4 ? { year: ref.year + 1, quarter: 1 } : { year: ref.year, quarter: ref.quarter + 1 };
}

/** The quarter a report's date-bucket key falls in ("2026-10" or "2026-10-01" → 2026 Q4); null for no date. */
export function quarterOfKey(key: string | null): QuarterRef | null {
  const match = key === null ? null : /^(\d{4})-(\d{2})/.exec(key);
  if (!match) return null;
  return { year: Number(match[1]), quarter: Math.floor((Number(match[2]) - 1) / 3) + 1 };
}

export function sameQuarter(a: QuarterRef | null, b: QuarterRef): boolean {
  return a !== null && a.year === b.year && a.quarter === b.quarter;
}

/** "YYYY-MM" of a report's month key ("2026-03-01" → "2026-03"); null for no date. */
export function monthOfKey(key: string | null): string | null {
  const match = key === null ? null : /^(\d{4})-(\d{2})/.exec(key);
  return match ? `${match[1]}-${match[2]}` : null;
}

/** The last `count` months up to and including now's, oldest first, as "YYYY-MM". */
export function lastMonths(now: Date, count: number): string[] {
  const months: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
    months.push(`${d.getFullYear()}-${pad(d.getMonth() + 1)}`);
  }
  return months;
}

/** The first day of the oldest of the last `count` months, "YYYY-MM-DD". */
export function firstDayOfLastMonths(now: Date, count: number): string {
  const d = new Date(now.getFullYear(), now.getMonth() - (count - 1), 1);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-01`;
}

/** This calendar year, inclusive, "YYYY-MM-DD". */
export function yearRange(now: Date): { from: string; to: string } {
  return { from: `${now.getFullYear()}-01-01`, to: `${now.getFullYear()}-12-31` };
}
