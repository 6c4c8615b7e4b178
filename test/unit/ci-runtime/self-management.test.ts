// Self-management with fake processes and an injected clock: forced restarts on failed probes and
// memory ceilings, backoff and the restart budget (circuit breaker), dependency-gated start with a
// timeout naming the dependency, reverse stop order within the budget.
import { EventEmitter } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { validateManifest, type Application, type CiEvent, type Supervision } from '../../../protocol';
import { EventBus } from '../../../ci-runtime/events';
import { Monitor } from '../../../ci-runtime/monitor';
import type { Clock, Probe } from '../../../ci-runtime/readiness';
import { budgetCheck, memoryVerdict, probeVerdict, resolvePolicy } from '../../../ci-runtime/supervisor/policy';
import type { ServiceSpec } from '../../../ci-runtime/supervisor/service-spec';
import { Supervisor } from '../../../ci-runtime/supervisor/supervisor';
import { supervisionOf } from '../../../ci-runtime/status-view';

/** Time moves only when someone sleeps; every sleep yields to the event loop. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
      await new Promise((r) => setImmediate(r));
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Fake processes: each spawn is a child that exits on SIGTERM unless told to ignore it, and always on SIGKILL. */
class FakeProcs {
  nextPid = 100;
  readonly children = new Map<number, ChildProcess & EventEmitter>();
  readonly signals: Array<[string, string]> = [];
  readonly spawned: string[] = [];
  ignoreTerm = new Set<string>();
  /** Services whose process exits at once after spawning. */
  crashing = new Set<string>();
  private names = new Map<number, string>();

  spawn = (cmd: string): ChildProcess => {
    const child = Object.assign(new EventEmitter(), {
      pid: this.nextPid++,
      stdout: new EventEmitter(),
      stderr: new EventEmitter(),
    }) as unknown as ChildProcess & EventEmitter;
    this.children.set(child.pid!, child);
    this.names.set(child.pid!, cmd);
    this.spawned.push(cmd);
    if (this.crashing.has(cmd)) setImmediate(() => child.emit('exit', 1, null));
    return child;
  };

  kill = (pid: number, sig: NodeJS.Signals): void => {
    const name = this.names.get(pid)!;
    this.signals.push([name, sig]);
    if (sig === 'SIGCONT') return;
    if (sig === 'SIGTERM' && this.ignoreTerm.has(name)) return;
    const child = this.children.get(pid);
    this.children.delete(pid);
    if (child) setImmediate(() => child.emit('exit', null, sig));
  };
}

function spec(
  name: string,
  type: Application['type'],
  supervision: Supervision = {},
  dependsOn: string[] = [],
): ServiceSpec {
  const app = {
    type,
    language: null,
    framework: null,
    entrypoint: null,
    dependencies: [],
    build_commands: [],
    run_command: [name],
    port: null,
    health: null,
    supervision,
  } as Application;
  // Only a service without a port is checked by process (start() then waits for it to be alive, not healthy).
  const check =
    type === 'worker' || type === 'process' ? { kind: 'process' as const } : { kind: 'tcp' as const, port: 1 };
  return { name, app, kind: type, label: name, argv: [name], check, dependsOn };
}

function setup(specs: ServiceSpec[], health: Record<string, 'healthy' | 'unhealthy' | 'starting'>) {
  const clock = fakeClock();
  const procs = new FakeProcs();
  const bus = new EventBus(() => new Date(clock.now()));
  const events: CiEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const probeOf =
    (rt: { spec: ServiceSpec }): Probe =>
    async () => ({ health: health[rt.spec.name] ?? 'healthy', detail: `${rt.spec.name} probed`, latencyMs: 1 });
  const sup = new Supervisor(specs, {
    spawn: procs.spawn,
    kill: procs.kill,
    bus,
    out: () => undefined,
    probeOf,
    runAs: () => null,
    env: {},
    clock,
  });
  const monitor = new Monitor({
    runtimes: () => [...sup.runtimes.values()],
    probeOf,
    bus,
    now: clock.now,
    recover: (rt, reason) => void sup.recover(rt.spec.name, reason),
  });
  return { clock, procs, bus, events, sup, monitor };
}

const settle = async (ms = 30) => {
  await new Promise((r) => setTimeout(r, ms));
};
const until = async (cond: () => boolean, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (cond()) return;
    await settle(5);
  }
  throw new Error(`${what} not reached`);
};

describe('supervision policy (pure)', () => {
  it('reads the manifest over the defaults', () => {
    const p = resolvePolicy({ unhealthy_threshold: 2, max_memory_mb: 100, restart_window_s: 30 });
    expect(p).toMatchObject({
      unhealthyThreshold: 2,
      maxRestarts: 5,
      windowMs: 30_000,
      maxMemoryBytes: 100 * 1048576,
      startTimeoutMs: 60_000,
    });
    expect(resolvePolicy(undefined).maxMemoryBytes).toBeNull();
    expect(resolvePolicy(undefined, { maxFailures: 3 }).backoff.maxFailures).toBe(3);
  });

  it('counts probe failures in a row, resets on anything but unhealthy, and never restarts at threshold 0', () => {
    expect(probeVerdict(0, 'unhealthy', 3)).toEqual({ failures: 1, restart: false });
    expect(probeVerdict(2, 'unhealthy', 3)).toEqual({ failures: 3, restart: true });
    expect(probeVerdict(2, 'degraded', 3)).toEqual({ failures: 0, restart: false });
    expect(probeVerdict(50, 'unhealthy', 0)).toEqual({ failures: 51, restart: false });
  });

  it('restarts above the memory ceiling only after two samples in a row', () => {
    const p = { maxMemoryBytes: 100, memorySamples: 2 };
    expect(memoryVerdict(0, 150, p)).toEqual({ over: 1, restart: false });
    expect(memoryVerdict(1, 150, p)).toEqual({ over: 2, restart: true });
    expect(memoryVerdict(1, 90, p)).toEqual({ over: 0, restart: false });
    expect(memoryVerdict(5, 1e12, { maxMemoryBytes: null, memorySamples: 2 })).toEqual({ over: 0, restart: false });
  });

  it('allows max_restarts within the window and forgets older ones', () => {
    const p = { maxRestarts: 2, windowMs: 60_000 };
    expect(budgetCheck([1000, 2000], 3000, p)).toEqual({ ok: false, inWindow: [1000, 2000] });
    expect(budgetCheck([1000, 2000], 61_500, p)).toEqual({ ok: true, inWindow: [2000] });
  });

  it('validates supervision settings in the manifest, naming the field and the range', () => {
    const m = {
      manifest_version: 1,
      project: { name: 'p' },
      containers: {},
      applications: { web: { run_command: ['x'], supervision: { max_memory_mb: -5, unhealthy_treshold: 2 } } },
    };
    const problems = validateManifest(m);
    expect(problems).toContain('applications.web.supervision.max_memory_mb must be a number from 1 to 1048576, got -5');
    expect(problems.join('\n')).toMatch(
      /applications\.web\.supervision\.unhealthy_treshold is not a supervision setting \(known: unhealthy_threshold/,
    );
  });
});

describe('supervisor with fake processes', () => {
  it('restarts a service whose probe fails N times in a row, with events at each step', async () => {
    const health: Record<string, 'healthy' | 'unhealthy'> = { web: 'healthy' };
    const { sup, monitor, events, procs } = setup(
      [spec('web', 'web', { unhealthy_threshold: 3, backoff_ms: 1 })],
      health,
    );
    await sup.startAll();
    const rt = sup.get('web');
    const firstPid = rt.pid;
    health.web = 'unhealthy';
    await monitor.probe(rt);
    await monitor.probe(rt);
    expect(rt.probeFailures).toBe(2);
    expect(events.some((e) => e.kind === 'service_recovering')).toBe(false);
    await monitor.probe(rt);
    health.web = 'healthy';
    await until(() => rt.state === 'running' && rt.pid !== firstPid, 'web running again');
    const kinds = events.filter((e) => e.service === 'web').map((e) => e.kind);
    expect(kinds).toEqual([
      'service_started',
      'health_changed',
      'service_recovering',
      'service_exited',
      'service_backoff',
      'service_started',
    ]);
    expect(events.find((e) => e.kind === 'service_recovering')!.detail).toBe(
      'web is restarted by the CI: 3 health probes failed in a row (last: web probed)',
    );
    expect(procs.signals.slice(0, 2)).toEqual([
      ['web', 'SIGTERM'],
      ['web', 'SIGCONT'],
    ]);
    expect(rt.restarts).toBe(1);
    expect(supervisionOf(rt, Date.now())).toMatchObject({
      failures: 1,
      probe_failures: 0,
      unhealthy_threshold: 3,
      max_restarts: 5,
    });
  });

  it('kills a hung process that ignores SIGTERM after its stop timeout', async () => {
    const { sup, procs } = setup([spec('web', 'web', { stop_timeout_s: 2, backoff_ms: 1 })], { web: 'healthy' });
    await sup.startAll();
    procs.ignoreTerm.add('web');
    await sup.recover('web', 'test');
    expect(procs.signals.map(([, s]) => s)).toEqual(['SIGTERM', 'SIGCONT', 'SIGKILL']);
  });

  it('trips the circuit breaker when the restart budget is spent, and restarts no more', async () => {
    const { sup, events, procs } = setup(
      [spec('flap', 'process', { max_restarts: 2, restart_window_s: 60, backoff_ms: 1 })],
      {},
    );
    procs.crashing.add('flap');
    void sup.startAll();
    await until(() => sup.get('flap').state === 'fatal', 'flap FATAL');
    const kinds = events.filter((e) => e.kind !== 'service_started' && e.kind !== 'service_exited').map((e) => e.kind);
    expect(kinds).toEqual(['service_backoff', 'service_backoff', 'service_fatal']);
    expect(events.at(-1)!.detail).toMatch(
      /^flap restarted 2 times within 60 s, its restart budget \(last: exit code 1\); not restarting$/,
    );
    await settle(50);
    expect(procs.spawned.length).toBe(3);
    // Someone starting it by hand gets a fresh budget.
    procs.crashing.delete('flap');
    expect((await sup.start('flap')).ok).toBe(true);
    expect(sup.get('flap').restartTimes).toEqual([]);
  });

  it('reads a restarted service as restarting until its new run answers healthy, not after', async () => {
    const health: Record<string, 'healthy' | 'unhealthy' | 'starting'> = { web: 'healthy' };
    const { sup, procs, monitor, clock } = setup([spec('web', 'web', { backoff_ms: 1 })], health);
    await sup.startAll();
    health.web = 'starting';
    procs.kill(sup.get('web').pid!, 'SIGKILL');
    await until(() => sup.get('web').run === 2 && sup.get('web').state === 'running', 'web run 2');
    // Its new run does not answer yet: a restart in progress, whatever its probe says.
    expect(supervisionOf(sup.get('web'), clock.now())).toMatchObject({ restarts_in_window: 1, restarting: true });
    health.web = 'healthy';
    await monitor.tick();
    expect(supervisionOf(sup.get('web'), clock.now()).restarting).toBeUndefined();
    // Hung later in the same run: unhealthy, not "restarting".
    health.web = 'unhealthy';
    await monitor.tick();
    expect(sup.get('web').health).toBe('unhealthy');
    expect(supervisionOf(sup.get('web'), clock.now()).restarting).toBeUndefined();
  });

  it('backs off exponentially between restarts', async () => {
    const { sup, events, procs } = setup(
      [spec('crash', 'process', { backoff_ms: 2, backoff_max_ms: 5, max_restarts: 10 })],
      {},
    );
    procs.crashing.add('crash');
    void sup.startAll();
    await until(() => sup.get('crash').state === 'fatal', 'crash FATAL');
    const delays = events
      .filter((e) => e.kind === 'service_backoff')
      .map((e) => Number(/in (\d+) ms/.exec(e.detail)![1]));
    expect(delays).toEqual([2, 4, 5, 5]);
    expect(events.at(-1)!.detail).toMatch(/failed 5 times in a row/);
  });

  it('starts a dependent only once its dependency is healthy', async () => {
    const health: Record<string, 'healthy' | 'starting'> = { redis: 'starting', web: 'healthy' };
    // The fake clock races ahead while nobody else runs: a long start timeout keeps web waiting.
    const { sup, procs, events } = setup(
      [spec('redis', 'redis', { start_timeout_s: 86_400 }), spec('web', 'web', { start_timeout_s: 86_400 }, ['redis'])],
      health,
    );
    const done = sup.startAll();
    await settle();
    expect(procs.spawned).toEqual(['redis']);
    expect(sup.get('web').waitingFor).toEqual(['redis']);
    expect(events.find((e) => e.kind === 'service_waiting')!.detail).toBe('web waits for redis to be ready');
    health.redis = 'healthy';
    await done;
    expect(procs.spawned).toEqual(['redis', 'web']);
    expect(sup.get('web').state).toBe('running');
  });

  it('leaves a service stopped when someone stops it while it waits for a dependency', async () => {
    const health: Record<string, 'healthy' | 'starting'> = { redis: 'starting' };
    const { sup, procs } = setup(
      [spec('redis', 'redis', { start_timeout_s: 86_400 }), spec('web', 'web', { start_timeout_s: 86_400 }, ['redis'])],
      health,
    );
    const done = sup.startAll();
    await settle();
    await sup.stop('web');
    health.redis = 'healthy';
    await done;
    expect(procs.spawned).toEqual(['redis']);
    expect(sup.get('web').state).toBe('stopped');
  });

  it('names the dependency that never came up when the start timeout passes', async () => {
    const { sup, procs, events } = setup(
      [spec('db', 'postgres', { unhealthy_threshold: 0 }), spec('web', 'web', { start_timeout_s: 5 }, ['db'])],
      { db: 'starting' },
    );
    await sup.startAll();
    expect(procs.spawned).toEqual(['db']);
    expect(sup.get('web').state).toBe('fatal');
    expect(events.find((e) => e.kind === 'service_fatal')!.detail).toMatch(
      /^web not started: its dependency db was not ready within 5 s \(db is (starting|running)/,
    );
  });

  it('holds a dependent of a FATAL dependency, saying so, and starts it once the dependency runs again', async () => {
    const health: Record<string, 'healthy' | 'starting'> = { db: 'starting' };
    const { sup, procs, events } = setup(
      [spec('db', 'postgres', { backoff_ms: 1 }), spec('web', 'web', { start_timeout_s: 86_400 }, ['db'])],
      health,
    );
    procs.crashing.add('db');
    await sup.startAll();
    // Not FATAL itself (its own error would bury db's), and not waiting out its timeout.
    expect(sup.get('web')).toMatchObject({ state: 'starting', heldBy: ['db'], pid: null });
    expect(sup.get('web').lastAction).toBe('held: its dependency db is FATAL; it starts once db runs again (start db)');
    expect(supervisionOf(sup.get('web'), 0).held_by).toEqual(['db']);
    expect(
      events.some((e) => e.kind === 'service_waiting' && /web is held: its dependency db is FATAL/.test(e.detail)),
    ).toBe(true);
    expect(procs.spawned.filter((n) => n === 'web')).toEqual([]);
    procs.crashing.delete('db');
    health.db = 'healthy';
    await sup.start('db');
    await until(() => sup.get('web').state === 'running', 'web started after db');
    expect(sup.get('web').heldBy).toEqual([]);
    expect(procs.spawned.filter((n) => n === 'web')).toEqual(['web']);
  });

  it('holds the restart of a service whose dependency went FATAL after it started', async () => {
    const { sup, procs } = setup(
      [spec('db', 'postgres', { backoff_ms: 1 }), spec('web', 'web', { backoff_ms: 300 }, ['db'])],
      { db: 'healthy', web: 'healthy' },
    );
    await sup.startAll();
    expect(sup.get('web').state).toBe('running');
    procs.crashing.add('db');
    procs.crashing.add('web');
    // db dies and crash-loops to FATAL; web dies once and is held instead of restarted against it.
    procs.kill(sup.get('db').pid!, 'SIGKILL');
    procs.kill(sup.get('web').pid!, 'SIGKILL');
    await until(() => sup.get('db').state === 'fatal', 'db FATAL');
    await until(() => sup.get('web').heldBy.length > 0, 'web held');
    expect(sup.get('web')).toMatchObject({ state: 'starting', pid: null, heldBy: ['db'] });
    expect(procs.spawned.filter((n) => n === 'web')).toEqual(['web']);
  });

  it('stops in reverse order, a stubborn service killed at its timeout', async () => {
    // Timing within the grace period is proven on a real container (test/docker/ci-runtime/self-management.test.ts).
    const { sup, procs } = setup(
      [
        spec('redis', 'redis'),
        spec('web', 'web', { stop_timeout_s: 3 }, ['redis']),
        spec('worker', 'worker', {}, ['redis']),
      ],
      {},
    );
    await sup.startAll();
    procs.ignoreTerm.add('web');
    procs.signals.length = 0;
    expect(await sup.stopAll(8000)).toEqual(['worker', 'web', 'redis']);
    expect(procs.signals.filter(([, s]) => s !== 'SIGCONT')).toEqual([
      ['worker', 'SIGTERM'],
      ['web', 'SIGTERM'],
      ['web', 'SIGKILL'],
      ['redis', 'SIGTERM'],
    ]);
  });
});
