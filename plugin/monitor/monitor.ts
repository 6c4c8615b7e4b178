// The monitor: event-driven (the engine's container events and each CI's `events` stream) with a
// periodic probe as the safety net. Keeps a short health history per CI, reports changes, can
// auto-heal through the CI, and reconnects to the engine with backoff when the daemon restarts.
import type { Readable } from 'node:stream';
import type { Reply, ServiceStatus } from '../../protocol';
import { transportFor } from '../transport/ci-connect';
import { probeCi, type CiProbe } from './ci-probe';
import {
  decideHeal,
  healMayConfirm,
  healRequest,
  recordHeal,
  DEFAULT_HEAL_LIMITS,
  type HealLedger,
  type HealLimits,
} from './heal-policy';
import { HealthHistory, describeChange } from './health-history';
import type { HostDeps } from '../host';
import { applyContainerEvent, openContainerEvents, syncRegistry } from '../registry/registry-sync';
import type { CiEntry } from '../registry/registry-types';

/** Who else wants to know what the monitor sees (Hermes, `ci top`). */
export interface MonitorListener {
  onProbe?(entry: CiEntry, probe: CiProbe): void | Promise<void>;
  onRemoved?(ciName: string): void | Promise<void>;
}

/** Monitor settings. */
export interface MonitorOptions {
  deps: HostDeps;
  notify: (line: string) => void;
  intervalMs?: number;
  historySize?: number;
  /** Set to enable auto-heal. */
  autoHeal?: HealLimits | boolean;
  listeners?: MonitorListener[];
  probeTimeoutMs?: number;
  /** Max wait between reconnect attempts to the engine. */
  maxReconnectDelayMs?: number;
}

/** A running monitor. */
export class CiMonitor {
  readonly history: HealthHistory;
  private readonly abort = new AbortController();
  private readonly entries = new Map<string, CiEntry>();
  private readonly ciStreams = new Map<string, AbortController>();
  private readonly ledger: HealLedger = new Map();
  private readonly gaveUp = new Set<string>();
  private readonly healLimits: HealLimits | null;
  private timer: NodeJS.Timeout | null = null;
  private engineLoop: Promise<void> | null = null;
  private engineStream: Readable | null = null;
  /** Number of times the engine event stream was (re)opened; tests watch it. */
  engineConnects = 0;

  constructor(private readonly opts: MonitorOptions) {
    this.history = new HealthHistory(opts.historySize ?? 30);
    this.healLimits = opts.autoHeal === true ? DEFAULT_HEAL_LIMITS : opts.autoHeal || null;
  }

  /** First sync and probe, then follows events and probes periodically. */
  async start(): Promise<void> {
    // Subscribe before the first sync, so nothing started in between is missed.
    let firstAttempt!: () => void;
    const subscribed = new Promise<void>((r) => {
      firstAttempt = r;
    });
    this.engineLoop = this.followEngine(firstAttempt);
    await subscribed;
    await this.resync();
    this.timer = setInterval(() => {
      void this.probeAll();
    }, this.opts.intervalMs ?? 30_000);
    this.timer.unref?.();
  }

  /** Stops everything; resolves when the loops ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    if (this.timer) clearInterval(this.timer);
    this.engineStream?.destroy();
    for (const c of this.ciStreams.values()) c.abort();
    await this.engineLoop?.catch(() => undefined);
  }

  /** The CIs currently watched. */
  watched(): CiEntry[] {
    return [...this.entries.values()];
  }

  /** Probes every watched CI now; a CI gone from the registry (`ergon rm`, `ci forget`) is dropped first. */
  async probeAll(): Promise<void> {
    await this.dropUnregistered();
    await Promise.all([...this.entries.values()].map((e) => this.probe(e)));
  }

  // The registry is the list of CIs: an entry deleted there (its destroy event may come later, or
  // find nothing left to delete) must not be probed forever.
  private async dropUnregistered(): Promise<void> {
    let names: Set<string>;
    try {
      names = new Set((await this.opts.deps.registry.list()).map((e) => e.ci_name));
    } catch {
      return;
    }
    for (const name of [...this.entries.keys()]) if (!names.has(name)) await this.removed(name);
  }

  private async resync(): Promise<void> {
    try {
      await syncRegistry(this.opts.deps.registry, this.opts.deps.containers);
    } catch (err) {
      this.opts.notify(`monitor: engine not reachable (${(err as Error).message}); using the saved registry`);
    }
    for (const e of await this.opts.deps.registry.list()) this.watch(e);
    await this.probeAll();
  }

  // The watched CI in container `id` (its registry entry may already be gone).
  private watchedName(id: string): string | null {
    for (const e of this.entries.values()) if (e.container_id === id) return e.ci_name;
    return null;
  }

  private watch(entry: CiEntry): void {
    const old = this.entries.get(entry.ci_name);
    this.entries.set(entry.ci_name, entry);
    const restart = old && (old.container_id !== entry.container_id || old.state !== entry.state);
    if (restart) {
      this.ciStreams.get(entry.ci_name)?.abort();
      this.ciStreams.delete(entry.ci_name);
    }
    if (!this.ciStreams.has(entry.ci_name) && entry.endpoint.kind !== 'exec' && entry.state === 'running')
      this.followCi(entry);
  }

  private async removed(ciName: string): Promise<void> {
    this.entries.delete(ciName);
    this.ciStreams.get(ciName)?.abort();
    this.ciStreams.delete(ciName);
    this.history.forget(ciName);
    for (const l of this.opts.listeners ?? []) await l.onRemoved?.(ciName);
  }

  private async probe(entry: CiEntry): Promise<void> {
    if (this.abort.signal.aborted) return;
    const probe = await probeCi(entry, transportFor(entry, this.opts.deps.containers), {
      timeoutMs: this.opts.probeTimeoutMs ?? 3000,
      clock: this.opts.deps.clock,
    });
    const previous = this.history.add(probe);
    const change = describeChange(previous, probe);
    if (change) this.opts.notify(change);
    for (const l of this.opts.listeners ?? []) {
      try {
        await l.onProbe?.(entry, probe);
      } catch (err) {
        this.opts.notify(`monitor: listener failed: ${(err as Error).message}`);
      }
    }
    if (this.healLimits && probe.reachable) await this.heal(entry, probe, this.healLimits);
  }

  private async heal(entry: CiEntry, probe: CiProbe, limits: HealLimits): Promise<void> {
    for (const s of probe.services) {
      const key = `${entry.ci_name}/${s.name}`;
      const now = this.opts.deps.clock().getTime();
      const decision = decideHeal(this.ledger, key, s, now, limits);
      if (decision.kind === 'give-up') {
        if (!this.gaveUp.has(key))
          this.opts.notify(
            `auto-heal: ${key} still unhealthy after ${decision.attempts} restarts; giving up (restart it yourself: aish ${entry.ci_name} "restart ${s.name}")`,
          );
        this.gaveUp.add(key);
        continue;
      }
      if (decision.kind !== 'restart') {
        if (decision.kind === 'none') this.gaveUp.delete(key);
        continue;
      }
      recordHeal(this.ledger, key, now, limits);
      this.opts.notify(
        `auto-heal: restarting ${s.name} in ${entry.container} (attempt ${decision.attempt}/${limits.maxAttempts})`,
      );
      await this.restartService(entry, s, decision.attempt).catch((err) =>
        this.opts.notify(`auto-heal: ${key}: ${(err as Error).message}`),
      );
    }
  }

  // A restart is a control action: the CI asks for confirmation; auto-heal was enabled by the user
  // for exactly this, so the monitor answers with the token, once it names this very restart.
  private async restartService(entry: CiEntry, service: ServiceStatus, attempt: number): Promise<void> {
    const t = transportFor(entry, this.opts.deps.containers);
    let reply: Reply = await t.request(healRequest(service, attempt), { timeoutMs: 30_000 });
    if (reply.type === 'control_response' && reply.confirm) {
      if (!healMayConfirm(reply.confirm, service.name))
        throw new Error(
          `the CI asked to confirm '${reply.confirm.prompt}', not a restart of ${service.name}; nothing was confirmed`,
        );
      reply = await t.request(healRequest(service, attempt, reply.confirm.token), { timeoutMs: 30_000 });
    }
    const text =
      reply.type === 'control_response'
        ? reply.detail
        : reply.type === 'error'
          ? `error: ${reply.message}${reply.code === 'unknown_type' ? ' (this CI predates structured control: rebuild its image)' : ''}`
          : reply.type;
    this.opts.notify(`auto-heal: ${entry.ci_name}: ${text}`);
  }

  private followCi(entry: CiEntry): void {
    const ctrl = new AbortController();
    this.ciStreams.set(entry.ci_name, ctrl);
    const t = transportFor(entry, this.opts.deps.containers);
    t.stream(
      { type: 'events' },
      (reply) => {
        if (reply.type !== 'event') return;
        const ev = reply.event;
        if (['service_exited', 'service_fatal', 'health_changed', 'service_started'].includes(ev.kind)) {
          this.opts.notify(`${entry.ci_name}: ${ev.kind}${ev.service ? ` ${ev.service}` : ''}: ${ev.detail}`);
          const current = this.entries.get(entry.ci_name);
          if (current) void this.probe(current);
        }
      },
      ctrl.signal,
    )
      .catch(() => undefined)
      .finally(() => {
        if (this.ciStreams.get(entry.ci_name) === ctrl) this.ciStreams.delete(entry.ci_name);
      });
  }

  private async followEngine(firstAttempt: () => void): Promise<void> {
    let delay = 500;
    const max = this.opts.maxReconnectDelayMs ?? 30_000;
    let lost = false;
    while (!this.abort.signal.aborted) {
      try {
        const docker = await this.opts.deps.getDocker();
        const { stream, events } = await openContainerEvents(docker);
        this.engineStream = stream;
        this.engineConnects++;
        firstAttempt();
        if (lost) {
          this.opts.notify('monitor: reconnected to the Docker engine');
          await this.resync();
          lost = false;
        }
        delay = 500;
        for await (const ev of events) {
          const name =
            (await applyContainerEvent(this.opts.deps.registry, this.opts.deps.containers, ev).catch(() => null)) ??
            (ev.action === 'destroy' ? this.watchedName(ev.id) : null);
          if (!name) continue;
          if (ev.action === 'destroy') {
            this.opts.notify(`${name}: container removed`);
            await this.removed(name);
            continue;
          }
          const entry = await this.opts.deps.registry.find(name);
          if (!entry) continue;
          if (ev.action === 'die' || ev.action === 'stop')
            this.opts.notify(`${name}: container ${ev.action === 'die' ? 'exited' : 'stopped'}`);
          if (ev.action === 'start') this.opts.notify(`${name}: container started`);
          this.watch(entry);
          void this.probe(entry);
        }
      } catch {
        /* the stream broke or the engine refused: handled below */
      }
      firstAttempt();
      if (this.abort.signal.aborted) break;
      if (!lost) this.opts.notify('monitor: lost the Docker engine event stream; reconnecting');
      lost = true;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, max);
    }
  }
}
