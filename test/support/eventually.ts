// The tests' one "wait until" (behaviour, not timing: the bounds are generous), built on the project's
// one wait/retry helper (protocol/poll.ts).
import { pollUntil } from '../../protocol';

/** What to wait for, for how long, how often. */
export interface EventuallyOptions {
  /** Named in the error when the time runs out. */
  what?: string;
  timeoutMs?: number;
  intervalMs?: number;
}

/** Calls `check` until it returns a truthy value and resolves with it; throws after `timeoutMs`, with the last error. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  { what = 'condition', timeoutMs = 30_000, intervalMs = 200 }: EventuallyOptions = {},
): Promise<NonNullable<T>> {
  const r = await pollUntil(check, (v) => !!v, { timeoutMs, intervalMs });
  if (r.ok) return r.value as NonNullable<T>;
  const last = r.error ? ` (last error: ${(r.error as Error).message ?? String(r.error)})` : '';
  throw new Error(`${what} not reached within ${timeoutMs} ms${last}`);
}
