// One metric's history in fixed space (pure): per-minute buckets for a day and per-hour buckets
// for two weeks, each [start, count, sum, min, max]. Old buckets fall off; nothing grows.

/** [bucket start (ms), samples, sum, min, max] */
export type Bucket = [number, number, number, number, number];

/** A metric's rollups. */
export interface Series {
  minutes: Bucket[];
  hours: Bucket[];
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
/** A day of minutes, two weeks of hours. */
export const CAPACITY = { minutes: 1440, hours: 336 } as const;

/** An empty series. */
export function emptySeries(): Series {
  return { minutes: [], hours: [] };
}

/** Folds one sample taken at `at` (ms) into both rollups. */
export function addSample(s: Series, at: number, value: number): void {
  if (!Number.isFinite(value)) return;
  fold(s.minutes, Math.floor(at / MINUTE) * MINUTE, value, CAPACITY.minutes);
  fold(s.hours, Math.floor(at / HOUR) * HOUR, value, CAPACITY.hours);
}

function fold(buckets: Bucket[], start: number, value: number, capacity: number): void {
  const last = buckets[buckets.length - 1];
  if (last && last[0] === start) {
    last[1] += 1;
    last[2] += value;
    last[3] = Math.min(last[3], value);
    last[4] = Math.max(last[4], value);
    return;
  }
  // A clock that went backwards: the sample joins the newest bucket rather than reorder history.
  if (last && start < last[0]) return fold(buckets, last[0], value, capacity);
  buckets.push([start, 1, value, value, value]);
  if (buckets.length > capacity) buckets.splice(0, buckets.length - capacity);
}

/** Mean of a bucket. */
export const mean = (b: Bucket): number => b[2] / b[1];

/** Minute buckets whose start is in [from, to). */
export function minutesBetween(s: Series, from: number, to: number): Bucket[] {
  return s.minutes.filter((b) => b[0] >= from && b[0] < to);
}

/** Median of numbers, or null for none. */
export function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Checks a value read from disk is a series; returns a problem or null. */
export function seriesProblem(value: unknown): string | null {
  const v = value as Partial<Series> | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.minutes) || !Array.isArray(v.hours)) {
    return 'not a {minutes, hours} object';
  }
  for (const [key, cap] of [
    ['minutes', CAPACITY.minutes],
    ['hours', CAPACITY.hours],
  ] as const) {
    const list = v[key]!;
    if (list.length > cap) return `${key} holds ${list.length} buckets, more than ${cap}`;
    let prev = -Infinity;
    for (const b of list) {
      const numbers = Array.isArray(b) && b.length === 5 && b.every((n) => typeof n === 'number' && Number.isFinite(n));
      if (!numbers) return `${key} has a bucket that is not 5 numbers`;
      if (b[1] < 1 || b[0] <= prev) return `${key} buckets are out of order or empty`;
      prev = b[0];
    }
  }
  return null;
}
