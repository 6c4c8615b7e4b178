// Turns live supervisor state into protocol shapes and short human sentences (pure).
import type { Anomaly, ContainerMetrics, HealthState, ServiceStatus, SupervisionStatus } from '../protocol';
import type { ServiceRuntime } from './supervisor/service-spec';

/** Protocol view of one service at `now` (ms), with the anomalies the learner sees in it. */
export function toServiceStatus(rt: ServiceRuntime, now: number, anomalies: Anomaly[] = []): ServiceStatus {
  return {
    name: rt.spec.name,
    kind: rt.spec.kind,
    label: rt.spec.label,
    state: rt.state,
    health: rt.health,
    ...(rt.activity ? { activity: rt.activity } : {}),
    pid: rt.pid,
    ports: rt.ports.length ? rt.ports : rt.spec.app.port !== null ? [rt.spec.app.port] : [],
    memory_bytes: rt.memoryBytes,
    cpu_percent: rt.cpuPercent === null ? null : Math.round(rt.cpuPercent * 10) / 10,
    restarts: rt.restarts,
    uptime_s: rt.startedAt !== null && rt.pid !== null ? Math.round((now - rt.startedAt) / 1000) : null,
    ...(rt.probe ? { probe: rt.probe } : {}),
    supervision: supervisionOf(rt, now),
    ...(anomalies.length ? { anomalies } : {}),
  };
}

/** The supervision fields of one service (also what Hermes heartbeats carry). */
export function supervisionOf(rt: ServiceRuntime, now: number): SupervisionStatus {
  const p = rt.policy;
  return {
    failures: rt.failures,
    probe_failures: rt.probeFailures,
    unhealthy_threshold: p.unhealthyThreshold,
    restarts_in_window: rt.restartTimes.filter((t) => now - t < p.windowMs).length,
    max_restarts: p.maxRestarts,
    window_s: p.windowMs / 1000,
    max_memory_mb: p.maxMemoryBytes === null ? null : Math.round(p.maxMemoryBytes / 1048576),
    ...(rt.nextRestartAt !== null ? { next_restart_at: new Date(rt.nextRestartAt).toISOString() } : {}),
    ...(rt.lastAction ? { last_action: rt.lastAction } : {}),
    ...(rt.waitingFor.length ? { waiting_for: rt.waitingFor } : {}),
  };
}

/** 'Unusual: Redis memory 3.1× its 24-hour median since 14:02 (suggest: optimize-memory)', or '' without anomalies. */
export function anomaliesSentence(services: ServiceStatus[]): string {
  const all = services.flatMap((s) => s.anomalies ?? []);
  if (!all.length) return '';
  return `Unusual: ${all.map((a) => a.text + (a.suggest ? ` (suggest: ${a.suggest})` : '')).join('; ')}`;
}

/** One word for a service: its failure state, else worker activity, else health. */
export function stateWord(s: ServiceStatus): string {
  if (s.state === 'fatal') return 'FATAL';
  if (s.state === 'backoff') return 'restarting';
  if (s.state === 'stopped' || s.state === 'stopping') return s.state;
  if (s.health === 'healthy' && s.activity) return s.activity;
  return s.health;
}

// People read a container front to back: what answers users, what it keeps data in, what works
// behind it. Start order (datastores first) is the supervisor's business, not the reader's.
const READING_ORDER: Record<string, number> = { web: 0, nginx: 0, worker: 2, scheduler: 3 };

/** 'Running 3 services: FastAPI (healthy), Redis (healthy), Celery (idle)' */
export function summarize(services: ServiceStatus[]): string {
  const running = services.filter((s) => s.pid !== null).length;
  const rank = (s: ServiceStatus) => READING_ORDER[s.kind] ?? 1;
  const list = [...services]
    .sort((a, b) => rank(a) - rank(b))
    .map((s) => `${s.label} (${stateWord(s)})`)
    .join(', ');
  if (!services.length) return 'No services are declared for this container.';
  const head =
    running === services.length
      ? `Running ${running} service${running === 1 ? '' : 's'}`
      : `Running ${running} of ${services.length} services`;
  const unusual = anomaliesSentence(services);
  return `${head}: ${list}${unusual ? `. ${unusual}` : ''}`;
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
