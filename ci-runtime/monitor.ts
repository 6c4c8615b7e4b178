// The background loop that keeps status current: every few seconds it samples per-service memory
// and CPU from /proc, the container's cgroup, and probes each running service. Requests read this
// state; they never probe themselves, so `status` costs microseconds.
import type { ContainerMetrics } from '../protocol';
import type { EventBus } from './events';
import { cpuPercent, parseCgroup } from './metrics/cgroup';
import { readCgroupFiles } from './metrics/cgroup-reader';
import { descendants } from './metrics/proc-parse';
import { readProcStats, readRss, realProcFs, type ProcFs } from './metrics/proc-reader';
import { listeningInodes, portsOf } from './discovery/scan';
import type { Probe } from './readiness';
import { memoryVerdict, probeVerdict } from './supervisor/policy';
import type { ServiceRuntime } from './supervisor/service-spec';

const TICKS_PER_SECOND = 100;
/** CPU above this share of one core makes a worker 'busy'. */
const BUSY_PERCENT = 5;

/** Inputs of the monitor. */
export interface MonitorDeps {
  runtimes: () => ServiceRuntime[];
  probeOf: (rt: ServiceRuntime) => Probe;
  bus: EventBus;
  fs?: ProcFs;
  now?: () => number;
  intervalMs?: number;
  /** The supervisor's forced restart, called when probes fail N times in a row or memory stays above its ceiling. */
  recover?: (rt: ServiceRuntime, reason: string) => void;
  /** Called after every round (the learner samples here). */
  afterTick?: (runtimes: ServiceRuntime[]) => void;
}

/** Samples metrics and probes services in the background. */
export class Monitor {
  private timer: NodeJS.Timeout | null = null;
  private lastCpu = new Map<string, { pid: number; ticks: number; at: number }>();
  private lastCgroup: { usec: number | null; at: number } | null = null;
  private containerMetrics: Omit<ContainerMetrics, 'uptime_s'> = {
    memory_bytes: null,
    memory_limit_bytes: null,
    cpu_percent: null,
    cgroup: null,
  };
  private running = false;

  constructor(private readonly deps: MonitorDeps) {}

  /** Starts the loop: a tick right away, a second soon after (CPU rates need two samples), then every interval. */
  start(): void {
    const every = this.deps.intervalMs ?? 2000;
    let first = true;
    const loop = async () => {
      await this.tick();
      this.timer = setTimeout(loop, first ? Math.min(500, every) : every);
      this.timer.unref();
      first = false;
    };
    void loop();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Latest container-wide figures (without uptime, which the caller adds). */
  container(): Omit<ContainerMetrics, 'uptime_s'> {
    return this.containerMetrics;
  }

  /** One round: metrics, then probes in parallel. Overlapping rounds are skipped. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      this.sampleMetrics();
      await Promise.all(
        this.deps
          .runtimes()
          .filter((rt) => rt.state === 'running')
          .map((rt) => this.probe(rt)),
      );
      try {
        this.deps.afterTick?.(this.deps.runtimes());
      } catch {
        /* learning must never stop supervision */
      }
    } finally {
      this.running = false;
    }
  }

  /** Probes one service now (also used right after it starts or exits). */
  async probe(rt: ServiceRuntime): Promise<void> {
    const pid = rt.pid;
    const r = await this.deps.probeOf(rt)();
    if (rt.pid !== pid || rt.state !== 'running') return;
    const before = rt.health;
    rt.health = r.health;
    if (r.health === 'healthy') rt.provenAt ??= this.now();
    rt.probe = { detail: r.detail, latency_ms: r.latencyMs, at: new Date(this.now()).toISOString() };
    if (before !== r.health) {
      this.deps.bus.publish({
        kind: 'health_changed',
        service: rt.spec.name,
        detail: `${rt.spec.name} is ${r.health}: ${r.detail}`,
        health: r.health,
      });
    }
    const v = probeVerdict(rt.probeFailures, r.health, rt.policy.unhealthyThreshold);
    rt.probeFailures = v.failures;
    if (v.restart) this.deps.recover?.(rt, `${v.failures} health probes failed in a row (last: ${r.detail})`);
  }

  private sampleMetrics(): void {
    const fs = this.deps.fs ?? realProcFs;
    const now = this.now();
    const stats = readProcStats(fs);
    const parents = new Map([...stats.values()].map((s) => [s.pid, s.ppid]));
    const inodes = listeningInodes(fs);
    for (const rt of this.deps.runtimes()) {
      if (rt.pid === null || !stats.has(rt.pid)) continue;
      const tree = descendants(rt.pid, parents);
      rt.memoryBytes = tree.reduce((sum, pid) => sum + readRss(pid, fs), 0);
      rt.ports = portsOf(tree, inodes, fs);
      const mem = memoryVerdict(rt.memoryOver, rt.memoryBytes, rt.policy);
      rt.memoryOver = mem.over;
      if (mem.restart && rt.state === 'running') {
        const mb = (b: number) => Math.round(b / 1048576);
        this.deps.recover?.(
          rt,
          `memory ${mb(rt.memoryBytes)} MB above its ceiling of ${mb(rt.policy.maxMemoryBytes!)} MB (max_memory_mb)`,
        );
      }
      const ticks = tree.reduce((sum, pid) => sum + (stats.get(pid)?.cpuTicks ?? 0), 0);
      // A restarted service (new pid) starts a new CPU count.
      const prev = this.lastCpu.get(rt.spec.name);
      const last = prev?.pid === rt.pid ? prev : undefined;
      if (last && now > last.at) {
        rt.cpuPercent = Math.max(0, ((ticks - last.ticks) / TICKS_PER_SECOND / ((now - last.at) / 1000)) * 100);
        if (rt.spec.kind === 'worker' || rt.spec.kind === 'scheduler')
          rt.activity = rt.cpuPercent > BUSY_PERCENT ? 'busy' : 'idle';
      }
      this.lastCpu.set(rt.spec.name, { pid: rt.pid, ticks, at: now });
    }
    const cg = parseCgroup(readCgroupFiles(fs));
    const prev = this.lastCgroup;
    this.containerMetrics = {
      memory_bytes: cg.memoryBytes,
      memory_limit_bytes: cg.limitBytes,
      cpu_percent: prev ? cpuPercent(prev.usec, cg.cpuUsec, now - prev.at) : null,
      cgroup: cg.version,
    };
    this.lastCgroup = { usec: cg.cpuUsec, at: now };
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }
}
