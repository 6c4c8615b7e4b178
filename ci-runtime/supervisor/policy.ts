// Per-service supervision policy (pure): the manifest's `supervision` settings over the defaults,
// and the restart budget — more restarts than allowed within a sliding window trips the circuit
// breaker (FATAL), like supervisord's startretries and s6's finish scripts, but per time window.
import { SUPERVISION_DEFAULTS, type Supervision } from '../../protocol';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';

/** Resolved supervision of one service, in milliseconds and bytes. */
export interface SupervisionPolicy {
  backoff: BackoffPolicy;
  /** Probe failures in a row before the CI restarts the service; 0 disables. */
  unhealthyThreshold: number;
  maxRestarts: number;
  windowMs: number;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  /** Memory ceiling of the service's process tree, or null. */
  maxMemoryBytes: number | null;
  /** Samples in a row above the ceiling before a restart (one spike is not a leak). */
  memorySamples: number;
}

/** Container-wide overrides from the environment (TEKTON_CI_MAX_RESTARTS is the failure streak). */
export interface PolicyOverrides {
  maxFailures?: number;
}

/** The manifest's settings over the defaults. */
export function resolvePolicy(s: Supervision | undefined, overrides: PolicyOverrides = {}): SupervisionPolicy {
  const v = { ...SUPERVISION_DEFAULTS, ...(s ?? {}) };
  return {
    backoff: {
      ...DEFAULT_BACKOFF,
      baseMs: v.backoff_ms,
      maxMs: Math.max(v.backoff_ms, v.backoff_max_ms),
      maxFailures: overrides.maxFailures ?? DEFAULT_BACKOFF.maxFailures,
      stableMs: v.stable_after_s * 1000,
    },
    unhealthyThreshold: Math.round(v.unhealthy_threshold),
    maxRestarts: Math.round(v.max_restarts),
    windowMs: v.restart_window_s * 1000,
    startTimeoutMs: v.start_timeout_s * 1000,
    stopTimeoutMs: v.stop_timeout_s * 1000,
    maxMemoryBytes: s?.max_memory_mb ? s.max_memory_mb * 1024 * 1024 : null,
    memorySamples: 2,
  };
}

/** Whether one more restart fits the budget; `recent` are earlier restart times (ms). */
export function budgetCheck(
  recent: number[],
  now: number,
  p: Pick<SupervisionPolicy, 'maxRestarts' | 'windowMs'>,
): { ok: boolean; inWindow: number[] } {
  const inWindow = recent.filter((t) => now - t < p.windowMs);
  return { ok: inWindow.length < p.maxRestarts, inWindow };
}

/** What a probe verdict means for supervision: count a failure, reset, or restart now (pure). */
export function probeVerdict(
  failuresSoFar: number,
  health: string,
  threshold: number,
): { failures: number; restart: boolean } {
  if (health !== 'unhealthy') return { failures: 0, restart: false };
  const failures = failuresSoFar + 1;
  return { failures, restart: threshold > 0 && failures >= threshold };
}

/** Whether the memory ceiling calls for a restart after this sample (pure). */
export function memoryVerdict(
  overSoFar: number,
  bytes: number | null,
  p: Pick<SupervisionPolicy, 'maxMemoryBytes' | 'memorySamples'>,
): { over: number; restart: boolean } {
  if (p.maxMemoryBytes === null || bytes === null || bytes <= p.maxMemoryBytes) return { over: 0, restart: false };
  const over = overSoFar + 1;
  return { over, restart: over >= p.memorySamples };
}
