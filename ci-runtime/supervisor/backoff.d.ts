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
export declare const DEFAULT_BACKOFF: BackoffPolicy;
/** What to do after an exit: wait `delayMs` and restart, or give up. */
export type RestartDecision = {
    action: 'restart';
    delayMs: number;
    failures: number;
} | {
    action: 'fatal';
    failures: number;
};
/** Decides the next step from the failure streak so far and how long the last run lasted. */
export declare function decideRestart(previousFailures: number, ranMs: number, policy?: BackoffPolicy): RestartDecision;
