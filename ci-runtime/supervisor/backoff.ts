// Restart policy (pure): exponential backoff, and FATAL after too many failures in a row. A run
// that lasted long enough counts as a success and resets the streak, like supervisord's startsecs.

/** Restart tuning; the defaults suit a container that should come back within a second. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Consecutive failures before FATAL (env TEKTON_CI_MAX_RESTARTS). */
  maxFailures: number;
  /** A process that ran at least this long before exiting was healthy; its exit starts a new streak. */
  stableMs: number;
}

/** 100 ms doubling to 5 s; FATAL after 5 failures; a 10 s run resets the streak. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 100, maxMs: 5000, maxFailures: 5, stableMs: 10_000 };

/** What to do after an exit: wait `delayMs` and restart, or give up. */
export type RestartDecision =
  | { action: 'restart'; delayMs: number; failures: number }
  | { action: 'fatal'; failures: number };

/** Decides the next step from the failure streak so far and how long the last run lasted. */
export function decideRestart(
  previousFailures: number,
  ranMs: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): RestartDecision {
  const failures = ranMs >= policy.stableMs ? 1 : previousFailures + 1;
  if (failures >= policy.maxFailures) return { action: 'fatal', failures };
  return { action: 'restart', delayMs: Math.min(policy.maxMs, policy.baseMs * 2 ** (failures - 1)), failures };
}
