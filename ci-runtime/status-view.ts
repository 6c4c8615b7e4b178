// Turns live supervisor state into protocol shapes and short human sentences (pure).
import type { Anomaly, ContainerMetrics, HealthState, ServiceStatus, SupervisionStatus } from '../protocol';
import { lastFailureOf } from './supervisor/last-failure';
import type { ServiceRuntime } from './supervisor/service-spec';

/** Protocol view of one service at `now` (ms), with the anomalies the learner sees in it. */
export function toServiceStatus(rt: ServiceRuntime, now: number, anomalies: Anomaly[] = []): ServiceStatus {
  const lastFailure = lastFailureOf(rt);
  return {
    name: rt.spec.name,
    kind: rt.spec.kind,
    label: rt.spec.label,
    state: rt.state,
    health: rt.health,
    // Busy or idle says how a working service works; a failing one is neither.
    ...(rt.activity && rt.state === 'running' && rt.health === 'healthy' ? { activity: rt.activity } : {}),
    pid: rt.pid,
    ports: rt.ports.length ? rt.ports : rt.spec.app.port !== null ? [rt.spec.app.port] : [],
    memory_bytes: rt.memoryBytes,
    cpu_percent: rt.cpuPercent === null ? null : Math.round(rt.cpuPercent * 10) / 10,
    restarts: rt.restarts,
    uptime_s: rt.startedAt !== null && rt.pid !== null ? Math.round((now - rt.startedAt) / 1000) : null,
    ...(rt.probe ? { probe: rt.probe } : {}),
    supervision: supervisionOf(rt, now),
    ...(anomalies.length ? { anomalies } : {}),
    ...(lastFailure ? { last_failure: lastFailure } : {}),
  };
}

/** The supervision fields of one service (also what Hermes heartbeats carry). */
export function supervisionOf(rt: ServiceRuntime, now: number): SupervisionStatus {
  const p = rt.policy;
  const inWindow = rt.restartTimes.filter((t) => now - t < p.windowMs).length;
  // A run that has answered healthy once has proven the restart over; what ails it later is its health.
  const unproven = (rt.state === 'running' || rt.state === 'starting') && rt.provenAt === null && !rt.heldBy.length;
  const restarting = rt.state === 'backoff' || (inWindow > 0 && unproven);
  return {
    failures: rt.failures,
    probe_failures: rt.probeFailures,
    unhealthy_threshold: p.unhealthyThreshold,
    restarts_in_window: inWindow,
    max_restarts: p.maxRestarts,
    window_s: p.windowMs / 1000,
    max_memory_mb: p.maxMemoryBytes === null ? null : Math.round(p.maxMemoryBytes / 1048576),
    ...(rt.nextRestartAt !== null ? { next_restart_at: new Date(rt.nextRestartAt).toISOString() } : {}),
    ...(rt.lastAction ? { last_action: rt.lastAction } : {}),
    ...(rt.waitingFor.length ? { waiting_for: rt.waitingFor } : {}),
    ...(rt.heldBy.length ? { held_by: rt.heldBy } : {}),
    ...(restarting ? { restarting } : {}),
  };
}

/** 'Unusual: Redis memory 3.1× its 24-hour median since 14:02 (suggest: optimize-memory)', or '' without anomalies. */
export function anomaliesSentence(services: ServiceStatus[]): string {
  const all = services.flatMap((s) => s.anomalies ?? []);
  if (!all.length) return '';
  return `Unusual: ${all.map((a) => a.text + (a.suggest ? ` (suggest: ${a.suggest})` : '')).join('; ')}`;
}

/**
 * A service's state in a word and what qualifies it: its failure state, else worker activity, else
 * health. A service the CI restarted within its budget window and that has not proven itself since
 * (never healthy in its new run) is 'restarting', never 'healthy' or 'busy'.
 */
export function stateOf(s: ServiceStatus): { word: string; note: string | null } {
  const sup = s.supervision;
  if (s.state === 'fatal') return { word: 'FATAL', note: null };
  if (sup?.held_by?.length)
    return { word: 'held', note: `${sup.held_by.join(', ')} ${sup.held_by.length === 1 ? 'is' : 'are'} FATAL` };
  const recent = sup?.restarts_in_window ?? 0;
  if (s.state === 'backoff' || sup?.restarting)
    return { word: 'restarting', note: recent ? `${recent} in the last ${windowWords(sup!.window_s)}` : null };
  if (s.state === 'stopped' || s.state === 'stopping') return { word: s.state, note: null };
  if (s.health === 'healthy' && s.activity) return { word: s.activity, note: null };
  return { word: s.health, note: null };
}

/** 'FATAL', 'idle', 'restarting (3 in the last 1 min)' */
export function stateWord(s: ServiceStatus): string {
  const { word, note } = stateOf(s);
  return note ? `${word} (${note})` : word;
}

/** '1 min', '30 s' */
function windowWords(seconds: number): string {
  return seconds >= 60 ? `${Math.round(seconds / 60)} min` : `${seconds} s`;
}

/**
 * Why a failing service (FATAL or restarting) fails, from its last failed run: "FastAPI run 5
 * ended with exit code 1: SyntaxError: invalid syntax"; null for a service that is not failing.
 */
export function failureSentence(s: ServiceStatus): string | null {
  const { word } = stateOf(s);
  if (word !== 'FATAL' && word !== 'restarting') return null;
  const f = s.last_failure;
  if (!f) return s.state === 'fatal' && s.supervision?.last_action ? `${s.label} ${s.supervision.last_action}` : null;
  return `${s.label} run ${f.run} ended with ${f.exit}${f.error ? `: ${f.error}` : ' (it printed nothing)'}`;
}

// People read a container front to back: what answers users, what it keeps data in, what works
// behind it. Start order (datastores first) is the supervisor's business, not the reader's.
const READING_ORDER: Record<string, number> = { web: 0, nginx: 0, worker: 2, scheduler: 3 };

/** 'Running 3 services: FastAPI (healthy), Redis (healthy), Celery (idle)' */
export function summarize(services: ServiceStatus[]): string {
  const running = services.filter((s) => s.pid !== null).length;
  const rank = (s: ServiceStatus) => READING_ORDER[s.kind] ?? 1;
  const sorted = [...services].sort((a, b) => rank(a) - rank(b));
  const list = sorted
    .map((s) => {
      const { word, note } = stateOf(s);
      return `${s.label} (${word}${note ? `: ${note}` : ''})`;
    })
    .join(', ');
  const failures = sorted.map(failureSentence).filter((f): f is string => f !== null);
  if (!services.length) return 'No services are declared for this container.';
  const head =
    running === services.length
      ? `Running ${running} service${running === 1 ? '' : 's'}`
      : `Running ${running} of ${services.length} services`;
  const unusual = anomaliesSentence(services);
  return [`${head}: ${list}`, ...failures, ...(unusual ? [unusual] : [])].join('. ');
}

/** Overall health: unhealthy when any service is FATAL or unhealthy, degraded/starting otherwise. */
export function overallHealth(services: ServiceStatus[]): HealthState {
  if (services.some((s) => s.state === 'fatal' || s.health === 'unhealthy')) return 'unhealthy';
  if (services.some((s) => s.health === 'degraded')) return 'degraded';
  if (services.some((s) => s.health === 'starting')) return 'starting';
  return 'healthy';
}

/** Bytes as '42 MB'. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'unknown';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${Math.round(bytes / 1024 ** 2)} MB`;
}

/** 'Memory: container 120 MB of 512 MB (23%); FastAPI 60 MB, Redis 8 MB, Celery 45 MB' */
export function memorySentence(services: ServiceStatus[], c: ContainerMetrics): string {
  const limit = c.memory_limit_bytes;
  const share = limit && c.memory_bytes !== null ? ` (${Math.round((c.memory_bytes / limit) * 100)}%)` : '';
  const container = `container ${formatBytes(c.memory_bytes)}${limit ? ` of ${formatBytes(limit)}${share}` : ', no limit'}`;
  const per = services.map((s) => `${s.label} ${formatBytes(s.memory_bytes)}`).join(', ');
  return `Memory: ${container}; ${per}`;
}

/** 'CPU: container 12%; FastAPI 3%, Redis 0%, Celery 8%' */
export function cpuSentence(services: ServiceStatus[], c: ContainerMetrics): string {
  const pct = (v: number | null) => (v === null ? 'unknown' : `${Math.round(v)}%`);
  return `CPU: container ${pct(c.cpu_percent)}; ${services.map((s) => `${s.label} ${pct(s.cpu_percent)}`).join(', ')}`;
}
