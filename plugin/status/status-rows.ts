// Container CIs as `tekton status` rows, in Tekton's vocabulary (TEKTON.md, `tekton status`).
import type { StatusRow } from '../plugin-api';
import type { CiRow } from '../monitor/ci-rows';

/** Maps one probed CI to a status row (pure). */
export function statusRowOf({ entry, probe }: CiRow, registeredWithHermes: boolean): StatusRow {
  let status: StatusRow['status'];
  if (entry.state !== 'running') status = 'not_running';
  else if (probe.reachable)
    status = probe.health === 'healthy' ? 'healthy' : probe.health === 'starting' ? 'starting' : 'unhealthy';
  else status = /did not answer within/.test(probe.error ?? '') ? 'timeout' : 'error';
  const port = Number(/:(\d+)->/.exec(entry.ports[0] ?? '')?.[1] ?? NaN);
  return {
    name: entry.ci_name,
    port: Number.isFinite(port) ? port : null,
    status,
    version: entry.manifest_hash ? entry.manifest_hash.slice(0, 12) : (entry.image.split(':')[1] ?? null),
    ci_status: probe.reachable
      ? probe.health === 'healthy'
        ? 'active'
        : probe.health
      : entry.state === 'running'
        ? 'unreachable'
        : entry.state,
    response_time: probe.response_ms === null ? null : Math.round(probe.response_ms) / 1000,
    memory_mb: probe.memory_bytes === null ? null : Math.round((probe.memory_bytes / 1048576) * 10) / 10,
    cpu_percent: probe.cpu_percent === null ? null : Math.round(probe.cpu_percent * 10) / 10,
    registered_with_hermes: registeredWithHermes,
    ...(entry.node ? { node: entry.node } : {}),
  };
}

/** Tekton's status emojis. */
export const STATUS_EMOJI: Record<StatusRow['status'], string> = {
  healthy: '✅',
  unhealthy: '❌',
  not_running: '⭕',
  timeout: '⏱️',
  error: '⚠️',
  starting: '🟡',
};
