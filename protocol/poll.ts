// The one wait/retry helper ("ask until the answer is right or the time is up"), shared by the
// container CI (readiness), the host (waiting for a CI, Swarm tasks, the engine) and the tests
// (`eventually`). Time comes from an injected clock, so a test can drive it without waiting.

/** Time and sleeping, passed in so tests can drive them. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How long to keep asking and how often. */
export interface PollOptions {
  timeoutMs: number;
  /** Pause after the first attempt (default 200 ms). */
  intervalMs?: number;
  /** Each pause is the previous one times this (default 1: fixed), up to maxIntervalMs. */
  backoff?: number;
  maxIntervalMs?: number;
  clock?: Clock;
  /** Stops early (e.g. the service exited, the command was interrupted). */
  isAborted?: () => boolean;
}

/** How polling ended: `ok` when `done` accepted a value; `value` is the last value `check` returned. */
export interface PollResult<T> {
  ok: boolean;
  value: T | undefined;
  /** The last error `check` threw, if its last attempt threw. */
  error: unknown;
  attempts: number;
}

/**
 * Calls `check` until `done(value)` holds, the deadline would pass before the next attempt, or
 * `isAborted()`. A throw counts as a failed attempt (kept as `error`), never as the end.
 */
export async function pollUntil<T>(
  check: (msLeft: number) => Promise<T> | T,
  done: (value: T) => boolean,
  { timeoutMs, intervalMs = 200, backoff = 1, maxIntervalMs = intervalMs, clock = systemClock, isAborted }: PollOptions,
): Promise<PollResult<T>> {
  const deadline = clock.now() + timeoutMs;
  const result: PollResult<T> = { ok: false, value: undefined, error: undefined, attempts: 0 };
  let pause = intervalMs;
  for (;;) {
    if (isAborted?.()) return result;
    result.attempts++;
    try {
      result.value = await check(Math.max(1, deadline - clock.now()));
      result.error = undefined;
      if (done(result.value)) return { ...result, ok: true };
    } catch (err) {
      result.error = err;
    }
    if (clock.now() + pause > deadline) return result;
    await clock.sleep(pause);
    pause = Math.min(pause * backoff, Math.max(maxIntervalMs, intervalMs));
  }
}
