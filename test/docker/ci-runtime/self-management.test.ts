// The container CI managing itself in a real container: a hung (SIGSTOPped) web process restarted
// by the CI and healthy again, a flapping service FATAL after its restart budget, web waiting for
// Redis, a dependency that never comes named in the timeout, a memory ceiling restarting a worker,
// and `docker stop` stopping services in reverse dependency order within the grace period.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/eventually';
import {
  ask,
  buildFixtureImage,
  CiConnection,
  docker,
  removeContainer,
  startContainer,
  waitForCi,
  type CiContainer,
} from './support';

const IMAGE = 'tekton-test/ci-selfmgmt:latest';
type Sup = {
  failures: number;
  probe_failures: number;
  restarts_in_window: number;
  max_restarts: number;
  last_action?: string;
  waiting_for?: string[];
};
type Svc = {
  name: string;
  state: string;
  health: string;
  pid: number | null;
  restarts: number;
  memory_bytes: number | null;
  supervision: Sup;
};
type Ev = { kind: string; service?: string; detail: string; at: string };

const base = JSON.parse(
  readFileSync(resolve(import.meta.dirname, 'fixtures/fastapi-redis-celery/manifest.json'), 'utf8'),
);
const py = (code: string) => ['python3', '-c', code];
const proc = {
  type: 'process',
  language: 'python',
  framework: null,
  entrypoint: null,
  dependencies: [],
  build_commands: [],
  port: null,
  health: { kind: 'process' },
  workdir: '/app',
};
const manifest = {
  ...base,
  applications: {
    ...base.applications,
    // Redis takes 2 s to come up, so web (depends_on redis) has to wait for it.
    redis: {
      ...base.applications.redis,
      run_command: ['sh', '-c', "sleep 2; exec redis-server --port 6379 --bind 127.0.0.1 --save '' --appendonly no"],
    },
    web: { ...base.applications.web, supervision: { unhealthy_threshold: 2, stop_timeout_s: 2 } },
    // Grows by 10 MB every 0.2 s (touched pages, so RSS) up to 300 MB: above its 80 MB ceiling.
    hog: {
      ...proc,
      type: 'worker',
      depends_on: [],
      run_command: py(
        'import time\nb=[]\nwhile True:\n  if len(b)<30: b.append(bytearray(b"x"*10*2**20))\n  time.sleep(0.2)',
      ),
      supervision: { max_memory_mb: 80, max_restarts: 1000 },
    },
    // Runs half a second and fails: the budget (2 restarts a minute) trips before the 5-failure streak.
    flapper: {
      ...proc,
      run_command: py('import time,sys; time.sleep(0.5); sys.exit(1)'),
      supervision: { max_restarts: 2, restart_window_s: 60 },
    },
    // Runs but never listens on its port: never ready, and its dependent gives up after 3 s naming it.
    never: {
      ...proc,
      type: 'tcp',
      run_command: ['sleep', 'infinity'],
      port: 6391,
      health: { kind: 'tcp', port: 6391 },
      supervision: { unhealthy_threshold: 0 },
    },
    blocked: {
      ...proc,
      run_command: ['sleep', 'infinity'],
      depends_on: ['never'],
      supervision: { start_timeout_s: 3 },
    },
  },
  containers: {
    citest: {
      ...base.containers.citest,
      applications: ['web', 'worker', 'redis', 'hog', 'flapper', 'never', 'blocked'],
    },
  },
};

async function statusOf(c: CiContainer): Promise<Record<string, Svc>> {
  const r = await ask(c, { type: 'status' });
  return Object.fromEntries((r.services as Svc[]).map((s) => [s.name, s]));
}

async function nextEvent(conn: CiConnection, match: (e: Ev) => boolean, timeoutMs = 30_000): Promise<Ev> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const e = (await conn.next(Math.max(1, deadline - Date.now()))).event as Ev;
    if (match(e)) return e;
  }
}

describe('container CI self-management', () => {
  let c: CiContainer | undefined;

  beforeAll(async () => {
    await buildFixtureImage({ tag: IMAGE, manifest });
    c = await startContainer({
      image: IMAGE,
      env: {
        TEKTON_CI_SERVICES: 'web,redis,hog,flapper,never,blocked',
        TEKTON_CI_PROBE_INTERVAL_MS: '500',
        TEKTON_CI_STATE_DIR: '/tmp/tekton-ci-state',
      },
    });
    await waitForCi(c);
  });

  afterAll(async () => {
    await removeContainer(c);
    await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
  });

  it('starts web only once Redis answers', async () => {
    const early = await statusOf(c!);
    expect(early.redis!.health).not.toBe('healthy');
    expect(early.web).toMatchObject({ pid: null, supervision: { waiting_for: ['redis'] } });
    const up = await eventually(
      async () => {
        const s = await statusOf(c!);
        return s.web!.health === 'healthy' ? s : null;
      },
      { what: 'web healthy' },
    );
    expect(up.redis!.health).toBe('healthy');
    expect(up.web!.supervision.waiting_for).toBeUndefined();
  });

  it('names the dependency that never came up when the start timeout passes', async () => {
    const s = await eventually(
      async () => {
        const x = await statusOf(c!);
        return x.blocked!.state === 'fatal' ? x : null;
      },
      { what: 'blocked FATAL' },
    );
    expect(s.blocked!.pid).toBeNull();
    expect(s.blocked!.supervision.last_action).toMatch(
      /not started: its dependency never was not ready within 3 s \(never is (starting|running)/,
    );
    expect(s.never!.pid).not.toBeNull();
  });

  it('puts a flapping service in FATAL once its restart budget is spent, and stops restarting it', async () => {
    const s = await eventually(
      async () => {
        const x = await statusOf(c!);
        return x.flapper!.state === 'fatal' ? x : null;
      },
      { what: 'flapper FATAL' },
    );
    expect(s.flapper!.supervision.last_action).toMatch(/FATAL: restarted 2 times within 60 s, its restart budget/);
    expect(s.flapper!.restarts).toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await statusOf(c!)).flapper).toMatchObject({ state: 'fatal', restarts: 2, pid: null });
  });

  it('restarts a worker that grows above its memory ceiling', async () => {
    // It grows past 80 MB within seconds of every start, so it also ends FATAL after 5 short runs
    // in a row; what matters here is that the ceiling made the CI restart it.
    const hog = await eventually(
      async () => {
        const h = (await statusOf(c!)).hog!;
        return h.restarts >= 1 && /memory \d+ MB above its ceiling of 80 MB/.test(h.supervision.last_action ?? '')
          ? h
          : null;
      },
      { what: 'hog restarted for its memory' },
    );
    expect(hog.supervision).toMatchObject({ max_memory_mb: 80 });
  });

  it('restarts a hung (SIGSTOPped) web process by itself, and it turns healthy again', async () => {
    const before = await eventually(async () => {
      const s = (await statusOf(c!)).web!;
      return s.health === 'healthy' ? s : null;
    });
    const conn = await CiConnection.open(c!.socketPath);
    conn.writeRaw(`${JSON.stringify({ type: 'events', token: c!.token })}\n`);
    try {
      const t0 = Date.now();
      await docker(['exec', c!.id, 'sh', '-c', `kill -STOP ${before.pid}`]);
      const recovering = await nextEvent(conn, (x) => x.kind === 'service_recovering' && x.service === 'web');
      expect(recovering.detail).toMatch(/web is restarted by the CI: 2 health probes failed in a row/);
      expect((await nextEvent(conn, (x) => x.kind === 'service_backoff' && x.service === 'web')).detail).toMatch(
        /restarts in \d+ ms/,
      );
      const t1 = Date.now();
      await nextEvent(conn, (x) => x.kind === 'service_started' && x.service === 'web');
      console.log(`hang → recovering ${t1 - t0} ms, → started ${Date.now() - t0} ms`);
    } finally {
      conn.close();
    }
    const after = await eventually(
      async () => {
        const s = (await statusOf(c!)).web!;
        return s.health === 'healthy' && s.state === 'running' ? s : null;
      },
      { what: 'web healthy again' },
    );
    expect(after.pid).not.toBe(before.pid);
    expect(after.restarts).toBe(before.restarts + 1);
    expect(after.supervision.restarts_in_window).toBe(1);
    // The hung process is gone, not left stopped behind.
    expect(await docker(['exec', c!.id, 'sh', '-c', `test -e /proc/${before.pid} && echo alive || echo gone`])).toBe(
      'gone',
    );
  });

  it("stops the services in reverse dependency order well within Docker's grace period", async () => {
    const t0 = Date.now();
    await docker(['stop', '-t', '10', c!.id]);
    const took = Date.now() - t0;
    const logs = await docker(['logs', c!.id]);
    expect(await docker(['inspect', '-f', '{{.State.ExitCode}}', c!.id])).toBe('0');
    // web (which depends on Redis) shuts down before Redis receives its SIGTERM.
    const web = logs.lastIndexOf('[web] INFO:     Shutting down');
    const redis = logs.lastIndexOf('Received SIGTERM');
    expect(web).toBeGreaterThanOrEqual(0);
    expect(redis).toBeGreaterThan(web);
    expect(logs).toMatch(/\[tekton-ci\] stopped [a-z, ]*web[a-z, ]*, redis \(received SIGTERM\)/);
    expect(took).toBeLessThan(10_000);
  });
});

describe('container CI learning across restarts', () => {
  let c: CiContainer | undefined;

  afterAll(async () => {
    await removeContainer(c);
    await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
  });

  it('keeps its baselines in /var/lib/tekton-ci across a restart, and survives a damaged file', async () => {
    await buildFixtureImage({ tag: IMAGE, manifest });
    c = await startContainer({
      image: IMAGE,
      env: { TEKTON_CI_SERVICES: 'redis,never', TEKTON_CI_PROBE_INTERVAL_MS: '500' },
    });
    await waitForCi(c);
    const unusual = await ask(c, { type: 'chat', content: 'anything unusual?' });
    expect(unusual).toMatchObject({
      intent: 'anomalies',
      content: expect.stringMatching(
        /^Nothing unusual that I can tell yet: I have learned this container for [01] minutes? and judge after 60\./,
      ),
    });
    const changed = await ask(c, { type: 'chat', content: 'what changed?' });
    expect(changed).toMatchObject({
      intent: 'changes',
      content: expect.stringMatching(/I compare the last hour with what came before/),
    });
    await eventually(
      async () =>
        ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === 'redis')!.health === 'healthy',
      { what: 'redis healthy' },
    );
    // A few monitor rounds (every 500 ms) with Redis answering INFO.
    await new Promise((r) => setTimeout(r, 2000));
    // The CI saves at shutdown; the file survives in the container's filesystem.
    await docker(['stop', c.id]);
    await docker(['start', c.id]);
    await waitForCi(c);
    const text = await docker(['exec', c.id, 'cat', '/var/lib/tekton-ci/baselines.json']);
    const saved = JSON.parse(text);
    expect(saved.format).toBe(1);
    expect(saved.services.redis.memory_mb.minutes[0][1]).toBeGreaterThan(0);
    expect(saved.services.redis.ops_per_sec).toBeDefined();
    // The file cut in half while the CI is down (a full disk, a crash mid-write by another tool):
    // set aside with a warning, and the CI serves on and learns again.
    await docker(['stop', c.id]);
    const half = join(c.runDir, 'half.json');
    writeFileSync(half, text.slice(0, text.length >> 1));
    await docker(['cp', half, `${c.id}:/var/lib/tekton-ci/baselines.json`]);
    await docker(['start', c.id]);
    await waitForCi(c);
    expect(await docker(['logs', c.id])).toMatch(
      /Warning: \/var\/lib\/tekton-ci\/baselines\.json could not be read \(.+\); kept it as \/var\/lib\/tekton-ci\/baselines\.json\.damaged-.+ and started learning again/,
    );
    expect(await ask(c, { type: 'status' })).toMatchObject({ type: 'status_response' });
    expect(await docker(['exec', c.id, 'sh', '-c', 'ls /var/lib/tekton-ci'])).toMatch(/baselines\.json\.damaged-/);
  });
});
