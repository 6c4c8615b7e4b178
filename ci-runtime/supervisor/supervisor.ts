// Starts the container's services in dependency order, waits for each to be ready, restarts them
// with backoff, marks them FATAL after repeated failures, and stops them in reverse order. Exits
// are seen through the child's 'exit' event, at once, not at the next poll.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { EventBus } from '../events';
import { systemClock, waitUntilReady, type Clock, type Probe } from '../readiness';
import { decideRestart, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { LineRing } from './ring-buffer';
import type { ServiceRuntime, ServiceSpec } from './service-spec';
import type { RunAs } from './users';

/** Side effects and tuning the supervisor needs; all passed in. */
export interface SupervisorDeps {
  spawn: (cmd: string, args: string[], opts: SpawnOptions) => ChildProcess;
  bus: EventBus;
  /** Where `[service] line` output goes (the container's stdout). */
  out: (line: string) => void;
  probeOf: (rt: ServiceRuntime) => Probe;
  runAs: (spec: ServiceSpec) => RunAs | null;
  /** Environment of every child (already without the token). */
  env: Record<string, string>;
  clock?: Clock;
  policy?: BackoffPolicy;
  readyTimeoutMs?: number;
  /** Called when an essential service goes FATAL. */
  onEssentialFatal?: (name: string) => void;
}

/** The process supervisor for one container's services. */
export class Supervisor {
  readonly runtimes = new Map<string, ServiceRuntime>();
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly policy: BackoffPolicy;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly exitWaiters = new Map<string, Array<() => void>>();

  constructor(private readonly order: ServiceSpec[], private readonly deps: SupervisorDeps) {
    this.clock = deps.clock ?? systemClock;
    this.policy = deps.policy ?? DEFAULT_BACKOFF;
    for (const spec of order) {
      this.runtimes.set(spec.name, {
        // Not started yet: 'starting' (the start-up sequence will get to it), not 'stopped'.
        spec, state: 'starting', health: 'starting', pid: null, child: null, startedAt: null, restarts: 0,
        failures: 0, lastExit: null, ring: new LineRing(), memoryBytes: null, cpuPercent: null, ports: [],
      });
    }
  }

  /** Starts every service in order, each after the previous one is ready (or its wait timed out). */
  async startAll(): Promise<void> {
    for (const spec of this.order) {
      if (this.shuttingDown) return;
      await this.start(spec.name);
    }
  }

  /** Starts one service and waits for readiness; resolves with whether it became ready. */
  async start(name: string): Promise<{ ok: boolean; detail: string }> {
    const rt = this.get(name);
    if (rt.child) return { ok: true, detail: `${name} is already running (pid ${rt.pid})` };
    // Someone asked for this start (or it is the first): a FATAL service gets a fresh streak.
    if (rt.state === 'fatal' || rt.state === 'stopped') rt.failures = 0;
    this.clearTimer(name);
    this.spawn(rt);
    if (!rt.child) return { ok: false, detail: `${name} could not start: ${rt.lastExit ?? 'unknown error'}` };
    const child = rt.child;
    const result = await waitUntilReady(this.deps.probeOf(rt), {
      timeoutMs: this.deps.readyTimeoutMs ?? 30_000, clock: this.clock, isAborted: () => rt.child !== child,
    });
    if (rt.child !== child) return { ok: false, detail: `${name} exited while starting: ${rt.lastExit ?? ''}`.trim() };
    rt.state = 'running';
    rt.health = result.health;
    rt.probe = { detail: result.detail, latency_ms: result.latencyMs, at: new Date(this.clock.now()).toISOString() };
    return result.ready
      ? { ok: true, detail: `${name} is ready (${result.detail})` }
      : { ok: false, detail: `${name} started but is not ready after ${this.deps.readyTimeoutMs ?? 30_000} ms: ${result.detail}` };
  }

  /** Stops one service: SIGTERM to its process group, SIGKILL after `timeoutMs`. */
  async stop(name: string, timeoutMs = 1000): Promise<{ ok: boolean; detail: string }> {
    const rt = this.get(name);
    this.clearTimer(name);
    if (!rt.child || rt.pid === null) {
      if (rt.state === 'backoff') rt.state = 'stopped';
      return { ok: true, detail: `${name} is not running` };
    }
    rt.state = 'stopping';
    const exited = this.waitExit(name);
    this.signal(rt.pid, 'SIGTERM');
    const inTime = await Promise.race([exited.then(() => true), this.clock.sleep(timeoutMs).then(() => false)]);
    if (!inTime && rt.pid !== null) {
      this.signal(rt.pid, 'SIGKILL');
      await Promise.race([exited, this.clock.sleep(500)]);
    }
    return { ok: true, detail: inTime ? `${name} stopped` : `${name} did not stop within ${timeoutMs} ms and was killed` };
  }

  /** Stops then starts a service; resolves when it is ready again (or failed). */
  async restart(name: string): Promise<{ ok: boolean; detail: string }> {
    const rt = this.get(name);
    await this.stop(name);
    rt.failures = 0;
    rt.restarts += 1;
    const r = await this.start(name);
    return { ok: r.ok, detail: r.ok ? `${name} restarted (${r.detail})` : r.detail };
  }

  /** Stops every service in reverse start order within `budgetMs` in total. */
  async stopAll(budgetMs = 1500): Promise<string[]> {
    this.shuttingDown = true;
    const deadline = this.clock.now() + budgetMs;
    const stopped: string[] = [];
    for (const spec of [...this.order].reverse()) {
      const left = Math.max(100, deadline - this.clock.now());
      await this.stop(spec.name, Math.min(left, 1000));
      stopped.push(spec.name);
    }
    return stopped;
  }

  /** The runtime of a declared service; throws naming the known ones. */
  get(name: string): ServiceRuntime {
    const rt = this.runtimes.get(name);
    if (!rt) throw new Error(`No service '${name}' in this container; known: ${[...this.runtimes.keys()].join(', ')}`);
    return rt;
  }

  private spawn(rt: ServiceRuntime): void {
    const { spec } = rt;
    const [cmd, ...args] = spec.argv;
    if (!cmd) {
      rt.lastExit = 'run_command is empty';
      return this.fail(rt, 0);
    }
    const user = this.deps.runAs(spec);
    const wanted = spec.app.workdir ?? '/app';
    const cwd = existsSync(wanted) ? wanted : '/';
    const env = { ...this.deps.env, ...(spec.app.env ?? {}), ...(user ? { HOME: user.home, USER: user.name } : {}) };
    let child: ChildProcess;
    try {
      // detached: own process group, so stop() reaches the service's own children too.
      child = this.deps.spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(user ? { uid: user.uid, gid: user.gid } : {}) });
    } catch (err) {
      rt.lastExit = (err as Error).message;
      return this.fail(rt, 0);
    }
    rt.child = child;
    rt.pid = child.pid ?? null;
    rt.state = 'starting';
    rt.health = 'starting';
    rt.startedAt = this.clock.now();
    const forward = (chunk: Buffer) => { for (const line of rt.ring.push(chunk.toString('utf8'))) this.deps.out(`[${spec.name}] ${line}`); };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    let ended = false;
    const onEnd = (how: string) => {
      if (ended) return;
      ended = true;
      this.onExit(rt, child, how);
    };
    child.on('error', (err) => onEnd(`failed to start ${cmd}: ${err.message}`));
    child.on('exit', (code, signal) => onEnd(signal ? `killed by ${signal}` : `exit code ${code}`));
    if (rt.pid !== null) this.deps.bus.publish({ kind: 'service_started', service: spec.name, detail: `${spec.name} started (pid ${rt.pid})` });
  }

  private onExit(rt: ServiceRuntime, child: ChildProcess, how: string): void {
    if (rt.child !== child) return;
    const ranMs = rt.startedAt === null ? 0 : this.clock.now() - rt.startedAt;
    const intended = rt.state === 'stopping' || this.shuttingDown;
    rt.child = null;
    rt.pid = null;
    rt.lastExit = how;
    rt.memoryBytes = null;
    rt.cpuPercent = null;
    rt.ports = [];
    for (const resolve of this.exitWaiters.get(rt.spec.name) ?? []) resolve();
    this.exitWaiters.delete(rt.spec.name);
    if (intended) {
      rt.state = 'stopped';
      rt.health = 'unhealthy';
      this.deps.bus.publish({ kind: 'service_exited', service: rt.spec.name, detail: `${rt.spec.name} stopped (${how})`, health: 'unhealthy' });
      return;
    }
    const detail = `${rt.spec.name} exited unexpectedly (${how})`;
    // Also in the service's own log, so `logs` and the container output show why it stopped.
    rt.ring.push(`[tekton-ci] ${detail}\n`);
    this.deps.out(`[tekton-ci] ${detail}`);
    this.deps.bus.publish({ kind: 'service_exited', service: rt.spec.name, detail, health: 'unhealthy' });
    this.fail(rt, ranMs);
  }

  private fail(rt: ServiceRuntime, ranMs: number): void {
    rt.health = 'unhealthy';
    const decision = decideRestart(rt.failures, ranMs, this.policy);
    rt.failures = decision.failures;
    if (decision.action === 'fatal') {
      rt.state = 'fatal';
      rt.ring.push(`[tekton-ci] ${rt.spec.name} is FATAL after ${decision.failures} failures in a row; not restarting\n`);
      this.deps.bus.publish({ kind: 'service_fatal', service: rt.spec.name, detail: `${rt.spec.name} failed ${decision.failures} times in a row (${rt.lastExit}); not restarting`, health: 'unhealthy' });
      if (rt.spec.app.essential) this.deps.onEssentialFatal?.(rt.spec.name);
      return;
    }
    rt.state = 'backoff';
    this.timers.set(rt.spec.name, setTimeout(() => {
      this.timers.delete(rt.spec.name);
      if (this.shuttingDown || rt.state !== 'backoff') return;
      rt.restarts += 1;
      void this.start(rt.spec.name);
    }, decision.delayMs));
  }

  private waitExit(name: string): Promise<void> {
    return new Promise((resolve) => {
      const list = this.exitWaiters.get(name) ?? [];
      list.push(resolve);
      this.exitWaiters.set(name, list);
    });
  }

  private clearTimer(name: string): void {
    const t = this.timers.get(name);
    if (t) clearTimeout(t);
    this.timers.delete(name);
  }

  private signal(pid: number, sig: NodeJS.Signals): void {
    try { process.kill(-pid, sig); } catch {
      try { process.kill(pid, sig); } catch { /* already gone */ }
    }
  }
}
