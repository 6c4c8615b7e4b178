// Reports container CIs to Hermes: register each one, heartbeat with its token, register again
// after a 401 (expired token, or Hermes restarted and lost its registry) or when its health
// changes (so Hermes' metadata is current), unregister on removal. Without Hermes: one warning,
// then silence until it answers again.
import { plainData } from '../render/plain-text';
import type { CiProbe } from './ci-probe';
import { isCiName } from '../registry/registry-entry';
import type { CiEntry } from '../registry/registry-types';
import { type HermesClient, HermesUnreachableError, type HermesRegistration } from '../tekton/hermes-client';

interface Registered {
  componentId: string;
  token: string;
  health: string;
}

/** Registration payload for a container CI (pure). */
export function registrationFor(entry: CiEntry, probe: CiProbe | null, version: string): HermesRegistration {
  const endpoint =
    entry.endpoint.kind === 'socket'
      ? `unix://${entry.endpoint.path}`
      : entry.endpoint.kind === 'tcp'
        ? `tcp://${entry.endpoint.host}:${entry.endpoint.port}`
        : `docker-exec://${entry.endpoint.container_id}`;
  return plainData({
    component_id: entry.ci_name,
    name: entry.ci_name,
    version,
    type: 'container_ci',
    endpoint,
    capabilities: ['chat', 'status', 'services', 'recipes', 'run', 'logs', 'events'],
    metadata: { ...stateOf(entry, probe) },
  });
}

/** The status/metadata Hermes gets on every heartbeat (pure). */
export function stateOf(entry: CiEntry, probe: CiProbe | null): Record<string, unknown> {
  return plainData({
    container: entry.container,
    container_id: entry.container_id,
    image: entry.image,
    project: entry.project,
    container_state: entry.state,
    health: probe?.health ?? 'unknown',
    summary: probe?.summary ?? null,
    memory_mb: probe?.memory_bytes == null ? null : Math.round((probe.memory_bytes / 1048576) * 10) / 10,
    cpu_percent: probe?.cpu_percent ?? null,
    services: (probe?.services ?? []).map((s) => ({
      name: s.name,
      state: s.state,
      health: s.health,
      restarts: s.restarts,
      // The CI's self-management (failure streak, probe failures, budget, last step) and anomalies.
      ...(s.supervision ? { supervision: s.supervision } : {}),
      ...(s.anomalies?.length
        ? {
            anomalies: s.anomalies.map((a) => ({
              metric: a.metric,
              ratio: a.ratio,
              since: a.since,
              text: a.text,
              suggest: a.suggest ?? null,
            })),
          }
        : {}),
    })),
    /** Services the CI gave up on (circuit breaker open) and what is unusual, at a glance. */
    fatal: (probe?.services ?? []).filter((s) => s.state === 'fatal').map((s) => s.name),
    anomalies: (probe?.services ?? []).flatMap((s) => (s.anomalies ?? []).map((a) => a.text)),
  });
}

/** Keeps Hermes informed about container CIs. */
export class HermesReporter {
  private readonly registered = new Map<string, Registered>();
  private warned = false;
  private lastError: string | null = null;
  private lastReconcile: number;

  constructor(
    private readonly client: HermesClient,
    private readonly warn: (line: string) => void,
    private readonly version = '0.1.0',
    /** How often to compare what Hermes lists with what we registered (ms), and the clock. */
    private readonly reconcile: { everyMs: number; now: () => number } = { everyMs: 20_000, now: Date.now },
  ) {
    this.lastReconcile = reconcile.now();
  }

  // Real Hermes signs its tokens: after a restart it still answers a heartbeat with an old token
  // "200 Heartbeat received" although its registry is empty (checked against ckoons/Tekton's Hermes).
  // A 401 is therefore not enough to notice: what it lists is compared with what we registered.
  private async forgetWhatHermesLost(): Promise<void> {
    const now = this.reconcile.now();
    if (!this.registered.size || now - this.lastReconcile < this.reconcile.everyMs) return;
    this.lastReconcile = now;
    const listed = new Set((await this.client.components()).components.map((c) => String(c.component_id ?? c.name)));
    for (const [name, reg] of this.registered) if (!listed.has(reg.componentId)) this.registered.delete(name);
  }

  /** True for a CI Hermes currently holds a token for. */
  isRegistered(ciName: string): boolean {
    return this.registered.has(ciName);
  }

  /** Sends a heartbeat for this CI (registering first when needed). Never throws. */
  async report(entry: CiEntry, probe: CiProbe | null): Promise<void> {
    // Hermes knows Tekton's components by name: only a CI name (…-container-ci) may be registered, so an
    // entry from an older registry file cannot stand in for a component.
    if (!isCiName(entry.ci_name)) return;
    try {
      await this.forgetWhatHermesLost();
      let reg = this.registered.get(entry.ci_name);
      const health = probe?.health ?? 'unknown';
      if (!reg || reg.health !== health) reg = await this.register(entry, probe);
      const result = await this.client.heartbeat(reg.componentId, reg.token, stateOf(entry, probe));
      if (!result.ok && result.unauthorized) {
        reg = await this.register(entry, probe);
        const again = await this.client.heartbeat(reg.componentId, reg.token, stateOf(entry, probe));
        if (!again.ok)
          throw new Error(
            `heartbeat for ${entry.ci_name} refused right after registering: HTTP ${again.status} ${again.message}`,
          );
      } else if (!result.ok) {
        throw new Error(`heartbeat for ${entry.ci_name}: HTTP ${result.status} ${result.message}`);
      }
      if (this.warned) {
        this.warn(`Hermes at ${this.client.baseUrl} answers again; container CIs are reported`);
        this.warned = false;
      }
      this.lastError = null;
    } catch (err) {
      if (err instanceof HermesUnreachableError) {
        // Hermes keeps its registry in memory: when it comes back we must register again.
        this.registered.clear();
        if (!this.warned) {
          this.warn(`Warning: ${err.message}; container CIs work locally and will be reported when Hermes answers`);
          this.warned = true;
        }
        return;
      }
      // The same refusal on every beat is said once.
      const message = `Warning: Hermes: ${(err as Error).message}`;
      if (message !== this.lastError) this.warn(message);
      this.lastError = message;
    }
  }

  /** Unregisters a removed CI. Never throws. */
  async remove(ciName: string): Promise<void> {
    const reg = this.registered.get(ciName);
    this.registered.delete(ciName);
    if (!reg) return;
    try {
      await this.client.unregister(reg.componentId, reg.token);
    } catch {
      /* Hermes gone: it forgot us anyway */
    }
  }

  /** Unregisters everything (the monitor is stopping). */
  async close(): Promise<void> {
    await Promise.all([...this.registered.keys()].map((n) => this.remove(n)));
  }

  private async register(entry: CiEntry, probe: CiProbe | null): Promise<Registered> {
    const { componentId, token } = await this.client.register(registrationFor(entry, probe, this.version));
    const reg = { componentId, token, health: probe?.health ?? 'unknown' };
    this.registered.set(entry.ci_name, reg);
    return reg;
  }
}
