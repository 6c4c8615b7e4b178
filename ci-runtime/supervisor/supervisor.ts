// Starts the container's services once their dependencies answer, waits for each to be ready,
// restarts them with backoff when they exit, hang (probes fail N times) or outgrow a memory ceiling,
// trips a circuit breaker (FATAL) when the restart budget is spent, holds the services that depend
// on a FATAL one until it runs again, and stops them in reverse order within the stop budget. Exits
// are seen through the child's 'exit' event, at once; each run's output is kept, tagged with its run.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { EventBus } from '../events';
import { systemClock, waitUntilReady, type Clock, type Probe } from '../readiness';
import { decideRestart } from './backoff';
import { budgetCheck, resolvePolicy, type PolicyOverrides } from './policy';
import { RunOutput, type RunStream } from './run-output';
import type { RunEnd, ServiceRuntime, ServiceSpec } from './service-spec';
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
  /** Container-wide overrides of every service's policy (env TEKTON_CI_MAX_RESTARTS). */
  overrides?: PolicyOverrides;
  /** Sends a signal to a service's process group; defaulted to process.kill. */
  kill?: (pid: number, sig: NodeJS.Signals) => void;
  /** Called when an essential service goes FATAL. */
  onEssentialFatal?: (name: string) => void;
  /** Told of every run that ended unasked and every FATAL, to keep them across container restarts. */
  history?: FailureHistory;
}

/** Where the supervisor reports failures for the record (learning/history.ts keeps them on disk). */
export interface FailureHistory {
  ended(rt: ServiceRuntime): void;
  fatal(rt: ServiceRuntime, why: string): void;
}

type Result = { ok: boolean; detail: string };

/** The process supervisor for one container's services. */
export class Supervisor {
  readonly runtimes = new Map<string, ServiceRuntime>();
  private shuttingDown = false;
  private readonly clock: Clock;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly exitWaiters = new Map<string, Array<() => void>>();

  constructor(
    private readonly order: ServiceSpec[],
    private readonly deps: SupervisorDeps,
  ) {
    this.clock = deps.clock ?? systemClock;
    for (const spec of order) {
      this.runtimes.set(spec.name, {
        // Not started yet: 'starting' (the start-up sequence will get to it), not 'stopped'.
        spec,
        state: 'starting',
        health: 'starting',
        pid: null,
        child: null,
        startedAt: null,
        provenAt: null,
        restarts: 0,
        failures: 0,
        lastExit: null,
        output: new RunOutput(),
        run: 0,
        lastFailure: null,
        memoryBytes: null,
        cpuPercent: null,
        ports: [],
        policy: resolvePolicy(spec.app.supervision, deps.overrides),
        probeFailures: 0,
        memoryOver: 0,
        restartTimes: [],
        nextRestartAt: null,
        recovering: null,
        lastAction: null,
        waitingFor: [],
        heldBy: [],
      });
    }
  }

  /**
   * Starts every service as soon as its dependencies are ready (independent ones in parallel). A
   * dependency that is not ready within the dependent's start timeout makes the dependent FATAL,
   * naming it.
   */
  async startAll(): Promise<void> {
    await Promise.all(this.order.map((spec) => this.startAfterDependencies(this.get(spec.name))));
  }

  /** Waits for the service's dependencies, then starts it; held while one is FATAL, FATAL itself when one never comes. */
  private async startAfterDependencies(rt: ServiceRuntime): Promise<void> {
    const blocked = await this.waitForDependencies(rt);
    // Stopped (or started) by someone while it waited: their word stands.
    if (this.shuttingDown || rt.state === 'stopped' || rt.child) return;
    if (blocked === 'held') return;
    if (blocked) return this.giveUp(rt, blocked);
    await this.start(rt.spec.name);
  }

  /** Starts one service and waits for readiness; resolves with whether it became ready. */
  async start(name: string): Promise<Result> {
    const rt = this.get(name);
    if (rt.child) return { ok: true, detail: `${name} is already running (pid ${rt.pid})` };
    // Someone asked for this start (or it is the first): a FATAL service gets a fresh streak and budget.
    if (rt.state === 'fatal' || rt.state === 'stopped') {
      rt.failures = 0;
      rt.restartTimes = [];
    }
    this.clearTimer(name);
    rt.nextRestartAt = null;
    rt.heldBy = [];
    this.spawn(rt);
    if (!rt.child) return { ok: false, detail: `${name} could not start: ${rt.lastExit ?? 'unknown error'}` };
    // It runs again: whatever it held back may go on to wait for it as for any dependency.
    this.releaseHeld();
    const child = rt.child;
    const timeoutMs = rt.policy.startTimeoutMs;
    const result = await waitUntilReady(this.deps.probeOf(rt), {
      timeoutMs,
      clock: this.clock,
      isAborted: () => rt.child !== child,
      // A process without a port has no readiness signal but being alive: the answer to "start it"
      // does not wait out its stable period; its health comes with time (probes/probe-for.ts).
      ...(rt.spec.check.kind === 'process' ? { until: (r) => r.health !== 'unhealthy' } : {}),
    });
    if (rt.child !== child) return { ok: false, detail: `${name} exited while starting: ${rt.lastExit ?? ''}`.trim() };
    rt.state = 'running';
    rt.health = result.health;
    if (result.health === 'healthy') rt.provenAt ??= this.clock.now();
    rt.probeFailures = 0;
    rt.probe = { detail: result.detail, latency_ms: result.latencyMs, at: new Date(this.clock.now()).toISOString() };
    // Not ready in time: it stays 'running' and the probe loop's failure count decides what happens.
    return result.ready
      ? { ok: true, detail: `${name} is ${result.health === 'healthy' ? 'ready' : 'running'} (${result.detail})` }
      : { ok: false, detail: `${name} started but is not ready after ${timeoutMs} ms: ${result.detail}` };
  }

  /** Stops one service: SIGTERM to its process group (and SIGCONT, so a stopped one can act on it), SIGKILL after `timeoutMs`. */
  async stop(name: string, timeoutMs?: number): Promise<Result> {
    const rt = this.get(name);
    this.clearTimer(name);
    rt.nextRestartAt = null;
    if (!rt.child || rt.pid === null) {
      if (rt.state === 'backoff' || rt.state === 'starting') rt.state = 'stopped';
      rt.heldBy = [];
      return { ok: true, detail: `${name} is not running` };
    }
    if (!rt.recovering) rt.state = 'stopping';
    const inTime = await this.terminate(rt, timeoutMs ?? rt.policy.stopTimeoutMs);
    return {
      ok: true,
      detail: inTime
        ? `${name} stopped`
        : `${name} did not stop within ${timeoutMs ?? rt.policy.stopTimeoutMs} ms and was killed`,
    };
  }

  /** Stops then starts a service; resolves when it is ready again (or failed). */
  async restart(name: string): Promise<Result> {
    const rt = this.get(name);
    await this.stop(name);
    rt.failures = 0;
    rt.restarts += 1;
    const r = await this.start(name);
    return { ok: r.ok, detail: r.ok ? `${name} restarted (${r.detail})` : r.detail };
  }

  /**
   * The CI's own decision to restart a running service (it hangs, or outgrew its memory ceiling):
   * stopped like any stop, then its exit counts as a failure (backoff, budget, circuit breaker).
   */
  async recover(name: string, reason: string): Promise<void> {
    const rt = this.get(name);
    if (!rt.child || rt.state !== 'running' || rt.recovering || this.shuttingDown) return;
    rt.recovering = reason;
    rt.lastAction = `restarting: ${reason}`;
    const detail = `${name} is restarted by the CI: ${reason}`;
    rt.output.note(rt.run, `[tekton-ci] ${detail}`);
    this.deps.out(`[tekton-ci] ${detail}`);
    this.deps.bus.publish({ kind: 'service_recovering', service: name, detail, health: 'unhealthy' });
    await this.terminate(rt, rt.policy.stopTimeoutMs);
  }

  /** Stops every service in reverse start order, each within its stop timeout and all within `budgetMs`. */
  async stopAll(budgetMs = 8000): Promise<string[]> {
    this.shuttingDown = true;
    const deadline = this.clock.now() + budgetMs;
    const stopped: string[] = [];
    for (const spec of [...this.order].reverse()) {
      const left = Math.max(100, deadline - this.clock.now());
      await this.stop(spec.name, Math.min(left, this.get(spec.name).policy.stopTimeoutMs));
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

  /**
   * Waits until every dependency is running and healthy: null when they are, 'held' when one is
   * FATAL (the service is held until it runs again), else the sentence naming the one that never came.
   */
  private async waitForDependencies(rt: ServiceRuntime): Promise<string | 'held' | null> {
    const deps = (rt.spec.dependsOn ?? []).map((d) => this.get(d));
    if (!deps.length) return null;
    if (this.holdIfDependencyFatal(rt)) return 'held';
    const notReady = () => deps.filter((d) => !(d.state === 'running' && d.health === 'healthy'));
    rt.waitingFor = notReady().map((d) => d.spec.name);
    if (!rt.waitingFor.length) return null;
    const detail = `${rt.spec.name} waits for ${rt.waitingFor.join(', ')} to be ready`;
    this.deps.bus.publish({ kind: 'service_waiting', service: rt.spec.name, detail });
    const probe: Probe = async () => {
      rt.waitingFor = notReady().map((d) => d.spec.name);
      return { health: rt.waitingFor.length ? 'starting' : 'healthy', detail: '', latencyMs: 0 };
    };
    const fatal = () => deps.some((d) => d.state === 'fatal');
    const r = await waitUntilReady(probe, {
      timeoutMs: rt.policy.startTimeoutMs,
      clock: this.clock,
      isAborted: () => this.shuttingDown || fatal(),
    });
    if (r.ready || this.shuttingDown) {
      rt.waitingFor = [];
      return null;
    }
    rt.waitingFor = [];
    if (this.holdIfDependencyFatal(rt)) return 'held';
    const missing = notReady();
    const list = missing.map(dependencyState).join('; ');
    const names = missing.map((d) => d.spec.name).join(', ');
    return (
      `not started: its dependency ${names} was not ready within ${rt.policy.startTimeoutMs / 1000} s (${list}); ` +
      'fix it or raise supervision.start_timeout_s'
    );
  }

  /**
   * A service whose dependency is FATAL is held, not failed: starting it (or restarting it) would
   * only fail against the missing dependency and bury the real error under its own. It says so,
   * and goes on when the dependency runs again (releaseHeld).
   */
  private holdIfDependencyFatal(rt: ServiceRuntime): boolean {
    const fatal = (rt.spec.dependsOn ?? []).filter((d) => this.get(d).state === 'fatal');
    if (!fatal.length) return false;
    const names = fatal.join(', ');
    rt.heldBy = fatal;
    rt.waitingFor = [];
    rt.state = 'starting';
    rt.health = 'starting';
    rt.nextRestartAt = null;
    const which = fatal.length === 1 ? 'its dependency' : 'its dependencies';
    const detail = `held: ${which} ${names} ${fatal.length === 1 ? 'is' : 'are'} FATAL; it starts once ${names} runs again (start ${names})`;
    rt.lastAction = detail;
    rt.output.note(rt.run, `[tekton-ci] ${rt.spec.name} is ${detail}`);
    this.deps.out(`[tekton-ci] ${rt.spec.name} is ${detail}`);
    this.deps.bus.publish({ kind: 'service_waiting', service: rt.spec.name, detail: `${rt.spec.name} is ${detail}` });
    return true;
  }

  /** Sends every held service whose FATAL dependencies all run again back to waiting for them. */
  private releaseHeld(): void {
    if (this.shuttingDown) return;
    for (const rt of this.runtimes.values()) {
      if (!rt.heldBy.length || rt.child || rt.state !== 'starting') continue;
      if (rt.heldBy.some((d) => this.get(d).state === 'fatal')) continue;
      rt.heldBy = [];
      rt.lastAction = 'released: its dependencies run again';
      void this.startAfterDependencies(rt);
    }
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
      child = this.deps.spawn(cmd, args, {
        cwd,
        env,
        detached: true,
        stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        ...(user ? { uid: user.uid, gid: user.gid } : {}),
      });
    } catch (err) {
      rt.lastExit = (err as Error).message;
      return this.fail(rt, 0);
    }
    rt.child = child;
    rt.pid = child.pid ?? null;
    rt.run += 1;
    const run = rt.run;
    rt.output.note(run, `[tekton-ci] ${spec.name} run ${run} started${rt.pid !== null ? ` (pid ${rt.pid})` : ''}`);
    if (spec.stdin !== undefined) {
      child.stdin?.on('error', () => {}); // a service that exits before reading is reported by its exit
      child.stdin?.end(spec.stdin);
    }
    rt.state = 'starting';
    rt.health = 'starting';
    rt.startedAt = this.clock.now();
    rt.provenAt = null;
    rt.probeFailures = 0;
    rt.memoryOver = 0;
    const forward = (stream: NodeJS.ReadableStream | null) => {
      if (!stream) return;
      const lines: RunStream = rt.output.stream(run);
      const print = (list: string[]) => {
        for (const line of list) this.deps.out(`[${spec.name}] ${line}`);
      };
      stream.on('data', (chunk: Buffer) => print(lines.push(chunk.toString('utf8'))));
      // A last line without a newline (a crash mid-print) is output too.
      stream.on('end', () => print(lines.end()));
    };
    forward(child.stdout);
    forward(child.stderr);
    let ended = false;
    const onEnd = (how: string, code: number | null, signal: string | null) => {
      if (ended) return;
      ended = true;
      this.onExit(rt, child, { run, at: this.clock.now(), exit: how, code, signal });
    };
    child.on('error', (err) => onEnd(`failed to start ${cmd}: ${err.message}`, null, null));
    child.on('exit', (code, signal) => onEnd(signal ? `killed by ${signal}` : `exit code ${code}`, code, signal));
    if (rt.pid !== null)
      this.deps.bus.publish({
        kind: 'service_started',
        service: spec.name,
        detail: `${spec.name} started (pid ${rt.pid})`,
      });
  }

  private onExit(rt: ServiceRuntime, child: ChildProcess, end: RunEnd): void {
    if (rt.child !== child) return;
    const how = end.exit;
    const ranMs = rt.startedAt === null ? 0 : this.clock.now() - rt.startedAt;
    const recovering = rt.recovering;
    const intended = !recovering && (rt.state === 'stopping' || this.shuttingDown);
    rt.child = null;
    rt.pid = null;
    rt.recovering = null;
    rt.lastExit = recovering ? `restarted by the CI: ${recovering}` : how;
    rt.memoryBytes = null;
    rt.cpuPercent = null;
    rt.ports = [];
    for (const resolve of this.exitWaiters.get(rt.spec.name) ?? []) resolve();
    this.exitWaiters.delete(rt.spec.name);
    if (intended || (recovering && this.shuttingDown)) {
      rt.state = 'stopped';
      rt.health = 'unhealthy';
      this.deps.bus.publish({
        kind: 'service_exited',
        service: rt.spec.name,
        detail: `${rt.spec.name} stopped (${how})`,
        health: 'unhealthy',
      });
      return;
    }
    const detail = recovering
      ? `${rt.spec.name} stopped by the CI (${how}) because ${recovering}`
      : `${rt.spec.name} exited unexpectedly (${how})`;
    rt.lastFailure = recovering ? { ...end, exit: `restarted by the CI: ${recovering}` } : end;
    // Also in the service's own log, so `logs` and the container output show why it stopped.
    rt.output.note(end.run, `[tekton-ci] ${detail}`);
    this.deps.history?.ended(rt);
    this.deps.out(`[tekton-ci] ${detail}`);
    this.deps.bus.publish({ kind: 'service_exited', service: rt.spec.name, detail, health: 'unhealthy' });
    this.fail(rt, ranMs);
  }

  /** After a failure: back off and restart, or trip the circuit breaker (streak or budget spent). */
  private fail(rt: ServiceRuntime, ranMs: number): void {
    rt.health = 'unhealthy';
    const { policy } = rt;
    const decision = decideRestart(rt.failures, ranMs, policy.backoff);
    rt.failures = decision.failures;
    const now = this.clock.now();
    const budget = budgetCheck(rt.restartTimes, now, policy);
    rt.restartTimes = budget.inWindow;
    if (decision.action === 'fatal')
      return this.giveUp(rt, `failed ${decision.failures} times in a row (${rt.lastExit}); not restarting`);
    if (!budget.ok) {
      const spent = `restarted ${budget.inWindow.length} times within ${policy.windowMs / 1000} s, its restart budget`;
      return this.giveUp(rt, `${spent} (last: ${rt.lastExit}); not restarting`);
    }
    rt.restartTimes.push(now);
    rt.state = 'backoff';
    rt.nextRestartAt = now + decision.delayMs;
    const budgetWords = `restart ${rt.restartTimes.length} of ${policy.maxRestarts} within ${policy.windowMs / 1000} s`;
    rt.lastAction = `${budgetWords}, in ${decision.delayMs} ms, after: ${rt.lastExit}`;
    this.deps.bus.publish({
      kind: 'service_backoff',
      service: rt.spec.name,
      health: 'unhealthy',
      detail: `${rt.spec.name} restarts in ${decision.delayMs} ms (failure ${decision.failures} in a row; ${budgetWords})`,
    });
    this.timers.set(
      rt.spec.name,
      setTimeout(() => {
        this.timers.delete(rt.spec.name);
        if (this.shuttingDown || rt.state !== 'backoff') return;
        // Its dependency went FATAL meanwhile: restarting would fail against it, not on its own.
        if (this.holdIfDependencyFatal(rt)) return;
        rt.restarts += 1;
        void this.start(rt.spec.name);
      }, decision.delayMs),
    );
  }

  /** The circuit breaker: FATAL, reported, no more restarts until someone starts it. */
  private giveUp(rt: ServiceRuntime, why: string): void {
    rt.state = 'fatal';
    rt.health = 'unhealthy';
    rt.nextRestartAt = null;
    rt.lastAction = `FATAL: ${why}`;
    if (!rt.child) rt.lastExit ??= why;
    rt.output.note(rt.run, `[tekton-ci] ${rt.spec.name} is FATAL: ${why}`);
    this.deps.out(`[tekton-ci] ${rt.spec.name} is FATAL: ${why}`);
    this.deps.history?.fatal(rt, why);
    this.deps.bus.publish({
      kind: 'service_fatal',
      service: rt.spec.name,
      detail: `${rt.spec.name} ${why}`,
      health: 'unhealthy',
    });
    if (rt.spec.app.essential) this.deps.onEssentialFatal?.(rt.spec.name);
  }

  /** SIGTERM (+SIGCONT), then SIGKILL after `timeoutMs`; resolves true when it exited in time. */
  private async terminate(rt: ServiceRuntime, timeoutMs: number): Promise<boolean> {
    if (rt.pid === null) return true;
    const exited = this.waitExit(rt.spec.name);
    this.signal(rt.pid, 'SIGTERM');
    this.signal(rt.pid, 'SIGCONT');
    const inTime = await Promise.race([exited.then(() => true), this.clock.sleep(timeoutMs).then(() => false)]);
    if (!inTime && rt.pid !== null) {
      this.signal(rt.pid, 'SIGKILL');
      await Promise.race([exited, this.clock.sleep(500)]);
    }
    return inTime;
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
    if (this.deps.kill) return this.deps.kill(pid, sig);
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  }
}

/** 'redis is starting (exit code 1)': a dependency's state and its last word, for the start timeout. */
function dependencyState(d: ServiceRuntime): string {
  const state = d.state === 'fatal' ? 'FATAL' : d.state === 'running' ? d.health : d.state;
  const last = d.lastExit ?? d.probe?.detail;
  return `${d.spec.name} is ${state}${last ? ` (${last})` : ''}`;
}
