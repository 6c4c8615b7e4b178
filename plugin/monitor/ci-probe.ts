// One look at a CI: its `status` over the protocol (memory, CPU, services, health), timed. This is
// what `ci list`, `ergon ps`, the monitor and `tekton status` show, instead of the slow stats API.
import type { HealthState, Reply, ServiceStatus } from '../../protocol';
import { CiUnreachableError, type CiTransport } from '../transport/ci-client';
import type { CiEntry } from '../registry/registry-types';

/** What a probe saw. */
export interface CiProbe {
  ci_name: string;
  reachable: boolean;
  health: HealthState | 'unreachable';
  summary: string;
  memory_bytes: number | null;
  cpu_percent: number | null;
  services: ServiceStatus[];
  response_ms: number | null;
  error: string | null;
  at: string;
}

/** Overall health from the services: worst wins; some unhealthy of several is degraded. */
export function healthOfServices(services: ServiceStatus[]): HealthState {
  if (services.length === 0) return 'healthy';
  const bad = services.filter((s) => s.health === 'unhealthy' || s.state === 'fatal' || s.state === 'stopped').length;
  if (bad === services.length) return 'unhealthy';
  if (bad > 0 || services.some((s) => s.health === 'degraded' || s.state === 'backoff')) return 'degraded';
  if (services.some((s) => s.health === 'starting' || s.state === 'starting')) return 'starting';
  return 'healthy';
}

/** Asks one CI for its status within `timeoutMs`. Never throws. */
export async function probeCi(
  entry: CiEntry,
  transport: CiTransport,
  opts: { timeoutMs?: number; clock?: () => Date } = {},
): Promise<CiProbe> {
  const clock = opts.clock ?? (() => new Date());
  const started = performance.now();
  const base = { ci_name: entry.ci_name, at: clock().toISOString() };
  if (entry.state !== 'running') {
    return {
      ...base,
      reachable: false,
      health: 'unreachable',
      summary: `container ${entry.state}`,
      memory_bytes: null,
      cpu_percent: null,
      services: [],
      response_ms: null,
      error: `container ${entry.container} is ${entry.state}`,
    };
  }
  let reply: Reply;
  try {
    reply = await transport.request({ type: 'status' }, { timeoutMs: opts.timeoutMs ?? 5000 });
  } catch (err) {
    const message = err instanceof CiUnreachableError ? err.message : String(err);
    // A reply that is not of the protocol's shape is this CI's problem only: it is listed as such.
    const malformed = err instanceof CiUnreachableError && err.reason === 'malformed';
    return {
      ...base,
      reachable: malformed,
      health: malformed ? 'unhealthy' : 'unreachable',
      summary: malformed ? 'malformed reply' : 'no answer',
      memory_bytes: null,
      cpu_percent: null,
      services: [],
      response_ms: null,
      error: message,
    };
  }
  const response_ms = Math.round(performance.now() - started);
  if (reply.type === 'status_response') {
    return {
      ...base,
      reachable: true,
      health: healthOfServices(reply.services),
      summary: reply.summary,
      memory_bytes: reply.container.memory_bytes,
      cpu_percent: reply.container.cpu_percent,
      services: reply.services,
      response_ms,
      error: null,
    };
  }
  const message = reply.type === 'error' ? `${reply.code}: ${reply.message}` : `unexpected reply '${reply.type}'`;
  return {
    ...base,
    reachable: true,
    health: 'unhealthy',
    summary: message,
    memory_bytes: null,
    cpu_percent: null,
    services: [],
    response_ms,
    error: message,
  };
}
