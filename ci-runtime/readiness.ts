// One readiness abstraction ("wait until this answers"), used by the supervisor's start sequence
// and by the probe loop's checks. Polls a probe with an injected clock until healthy or timeout.
import { type Clock, type HealthState, pollUntil, systemClock } from '../protocol';

export { type Clock, systemClock };

/** One probe's verdict. */
export interface ProbeResult {
  health: HealthState;
  detail: string;
  latencyMs: number | null;
}

/** A check that never throws: failures come back as `unhealthy` results. */
export type Probe = () => Promise<ProbeResult>;

/** How long to wait and how often to ask; `abort` stops early (e.g. the service exited). */
export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  clock?: Clock;
  isAborted?: () => boolean;
  /** What counts as ready; default: the probe says healthy. */
  until?: (result: ProbeResult) => boolean;
}

/** Polls `probe` until it reports healthy; resolves with the last result (healthy or not). */
export async function waitUntilReady(
  probe: Probe,
  { timeoutMs, intervalMs = 50, clock = systemClock, isAborted, until = (p) => p.health === 'healthy' }: WaitOptions,
): Promise<ProbeResult & { ready: boolean }> {
  // Back off gently: a slow starter (Celery, Django) needs no 20 polls a second.
  const r = await pollUntil(probe, until, {
    timeoutMs,
    intervalMs,
    backoff: 1.5,
    maxIntervalMs: 500,
    clock,
    isAborted,
  });
  return { ...(r.value ?? { health: 'starting', detail: 'not probed yet', latencyMs: null }), ready: r.ok };
}

/** Runs `fn`, timing it, and turns a throw into an `unhealthy` result. */
export async function timed(
  fn: () => Promise<{ health: HealthState; detail: string }>,
  clock: Clock = systemClock,
): Promise<ProbeResult> {
  const start = clock.now();
  try {
    const r = await fn();
    return { ...r, latencyMs: clock.now() - start };
  } catch (err) {
    return { health: 'unhealthy', detail: (err as Error).message, latencyMs: null };
  }
}
