// One monitor round turned into metric samples (pure): memory in MB, CPU %, probe latency, and
// restarts since the previous round. Services that are not running give no level samples.
import type { ServiceRuntime } from '../supervisor/service-spec';

/** A service's figures for one round; extra ones (Redis ops, queue length) are merged in by the learner. */
export type Sample = Record<string, number>;

/** Figures of one runtime; `prevRestarts` is its restart count at the previous round. */
export function sampleOf(
  rt: Pick<ServiceRuntime, 'memoryBytes' | 'cpuPercent' | 'probe' | 'restarts' | 'pid'>,
  prevRestarts: number | undefined,
): Sample {
  const s: Sample = {};
  if (rt.pid !== null && rt.memoryBytes !== null) s.memory_mb = Math.round((rt.memoryBytes / 1048576) * 10) / 10;
  if (rt.pid !== null && rt.cpuPercent !== null) s.cpu_percent = Math.round(rt.cpuPercent * 10) / 10;
  if (rt.pid !== null && rt.probe?.latency_ms != null) s.probe_ms = rt.probe.latency_ms;
  s.restarts = prevRestarts === undefined ? 0 : Math.max(0, rt.restarts - prevRestarts);
  return s;
}
