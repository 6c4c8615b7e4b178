// A service's probe, chosen by its health check (or its kind and port): HTTP, Redis, Postgres,
// TCP, or process liveness. Every probe resolves; failures are `unhealthy` results.
// A process without a port has nothing to answer but being alive, and a worker that dies two
// seconds after each start is alive most of the time: so it is healthy only once its current run
// has lasted its stable period (issue 24: a crash-looping worker was "healthy"/"busy" for 20 s).
import type { HealthCheck, HealthState } from '../../protocol';
import { httpStatus } from '../clients/http-get';
import { pgPing } from '../clients/postgres-ping';
import { parseInfo, redisCommand, type RedisAuth } from '../clients/redis';
import { tcpConnect } from '../clients/tcp-connect';
import { timed, type Probe } from '../readiness';

/** Paths tried, in order, when the manifest names none. */
export const HEALTH_PATHS = ['/health', '/healthz', '/api/health', '/'];

/** Derives the health check from the manifest entry, or from the kind and port when it has none. */
export function healthCheckFor(kind: string, port: number | null, declared: HealthCheck | null): HealthCheck {
  if (declared) return declared;
  if (port === null) return { kind: 'process' };
  if (kind === 'web') return { kind: 'http', port };
  if (kind === 'redis') return { kind: 'redis', port };
  if (kind === 'postgres') return { kind: 'postgres', port };
  return { kind: 'tcp', port };
}

/** What a probe needs besides its check. */
export interface ProbeOptions {
  /** How long the service's current run has lasted (ms), null when it is not running. */
  upForMs: () => number | null;
  /** A process check says 'starting' until the run has lasted this long (supervision.stable_after_s). */
  stableMs: number;
  timeoutMs?: number;
  /** Logs in to a requirepass Redis. */
  redisAuth?: RedisAuth | null;
}

/** Builds the probe for one check. */
export function probeFor(check: HealthCheck, options: ProbeOptions): Probe {
  const { timeoutMs = 1000, redisAuth = null } = options;
  switch (check.kind) {
    case 'http':
      return httpProbe(check.port, check.path, timeoutMs);
    case 'redis':
      return () =>
        timed(async () => {
          const target = { port: check.port, timeoutMs, auth: redisAuth };
          const pong = await redisCommand(['PING'], target);
          const info = parseInfo(String(await redisCommand(['INFO', 'memory'], target)));
          return {
            health: pong === 'PONG' ? 'healthy' : 'degraded',
            detail: `PING → ${String(pong)}, used_memory ${info.used_memory_human ?? '?'}`,
          };
        });
    case 'postgres':
      return () =>
        timed(async () => {
          const r = await pgPing(check.port, { timeoutMs });
          return {
            health: r === 'accepting' ? 'healthy' : r === 'rejecting' ? 'starting' : 'unhealthy',
            detail: `startup message → ${r.replace('_', ' ')}`,
          };
        });
    case 'tcp':
      return () =>
        timed(async () => {
          await tcpConnect(check.port, { timeoutMs });
          return { health: 'healthy', detail: `port ${check.port} accepts connections` };
        });
    case 'process':
      return () => timed(async () => processHealth(options.upForMs(), options.stableMs));
  }
}

/** A process's health from how long its current run has lasted (pure). */
export function processHealth(upForMs: number | null, stableMs: number): { health: HealthState; detail: string } {
  if (upForMs === null) return { health: 'unhealthy', detail: 'process not running' };
  const seconds = (ms: number) => `${Math.floor(ms / 100) / 10} s`;
  if (upForMs < stableMs)
    return {
      health: 'starting',
      detail: `process alive for ${seconds(upForMs)}; healthy once it has run ${seconds(stableMs)}`,
    };
  return { health: 'healthy', detail: 'process alive' };
}

function httpProbe(port: number, path: string | undefined, timeoutMs: number): Probe {
  // Remember which common path answered, so later probes make one request, not four.
  let known = path;
  return () =>
    timed(async () => {
      const paths = known ? [known] : HEALTH_PATHS;
      let last = '';
      for (const p of paths) {
        const status = await httpStatus(port, p, { timeoutMs });
        if (status >= 200 && status < 400) {
          known = p;
          return { health: 'healthy', detail: `GET ${p} → ${status}` };
        }
        last = `GET ${p} → ${status}`;
        if (status >= 500) return { health: 'unhealthy', detail: last };
      }
      // The server answers but no health path does: up, but not known to be well.
      return { health: 'degraded', detail: last };
    });
}
