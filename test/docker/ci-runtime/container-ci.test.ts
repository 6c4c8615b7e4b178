// The container CI in a real FastAPI + Redis + Celery container: discovery, status and natural
// phrasings, restart of a killed service, FATAL, ordered shutdown, bad input, many clients, auth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../../protocol';
import {
  ask,
  buildFixtureImage,
  cleanupAll,
  CiConnection,
  docker,
  removeContainer,
  startContainer,
  waitForCi,
  type CiContainer,
} from './support';
import { eventually } from '../../support/eventually';

const THREE = { TEKTON_CI_SERVICES: 'web,worker,redis' };
type Svc = {
  name: string;
  label: string;
  state: string;
  health: string;
  pid: number | null;
  restarts: number;
  ports: number[];
  activity?: string;
  memory_bytes: number | null;
};

/** One line of redis-server's log: `1:M 30 Nov 2026 04:13:17.001 * Ready to accept connections`. */
const REDIS_LOG_LINE = /^\d+:[MCSX] \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} [*#.-] \S/m;

async function allHealthy(c: CiContainer): Promise<Svc[] | null> {
  const r = await ask(c, { type: 'status' });
  const services = r.services as Svc[];
  // Worker activity needs two CPU samples, so it appears shortly after the worker is healthy.
  const ready = services.every(
    (s) => s.health === 'healthy' && s.state === 'running' && (s.name !== 'worker' || s.activity),
  );
  return ready ? services : null;
}

describe('container CI in a FastAPI + Redis + Celery container', () => {
  let c: CiContainer | undefined;

  beforeAll(async () => {
    await buildFixtureImage();
    c = await startContainer({ env: THREE });
    await waitForCi(c);
    await eventually(() => allHealthy(c!), { what: 'all three services healthy' });
  });

  afterAll(async () => {
    await removeContainer(c);
  });

  it('discovers the three services from /proc with their ports and no mismatch', async () => {
    const r = await ask(c!, { type: 'services' });
    expect(r.type).toBe('services_response');
    const found = r.discovered as Array<{ declared_as: string; kind: string; label: string; ports: number[] }>;
    const byName = Object.fromEntries(found.map((d) => [d.declared_as, d]));
    expect(byName.web).toMatchObject({ kind: 'web', label: 'FastAPI', ports: [8000] });
    expect(byName.redis).toMatchObject({ kind: 'redis', label: 'Redis', ports: [6379] });
    expect(byName.worker).toMatchObject({ kind: 'worker', label: 'Celery', ports: [] });
    expect(r.mismatches).toEqual([]);
  });

  it('answers status, health and memory with figures from the running services', async () => {
    const status = await ask(c!, { type: 'status', id: 'st-1' });
    expect(status.id).toBe('st-1');
    expect(status.summary).toMatch(
      /^Running 3 services: FastAPI \(healthy\), Redis \(healthy\), Celery \((idle|busy)\)$/,
    );
    const services = status.services as Svc[];
    for (const s of services) expect(s.memory_bytes).toBeGreaterThan(1_000_000);
    expect((status.container as { cgroup: string }).cgroup).toMatch(/^v[12]$/);
    const health = await ask(c!, { type: 'health' });
    expect(health).toMatchObject({ type: 'health_response', status: 'healthy', component: 'citest-container-ci' });
  });

  it('understands natural phrasings of status, services, health, memory and logs', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['hey, how is everything going?', 'status', /Running 3 services/],
      ['wat services are runing', 'services', /Declared: redis, web, worker/],
      ['is redis healthy?', 'health', /Redis healthy \(PING → PONG/],
      ['how much memory does it use', 'memory', /Memory: container \d+ MB/],
      // Redis' own log format (pid:role date time level message): the lines are Redis', not another service's.
      ['could you show me the last 5 lines of the redis log please', 'logs', REDIS_LOG_LINE],
      ['why is it slow?', 'diagnose', /Nothing looks wrong|problem/],
    ];
    for (const [phrase, intent, text] of cases) {
      const r = await ask(c!, { type: 'chat', content: phrase });
      expect(r.intent, phrase).toBe(intent);
      expect(String(r.content), phrase).toMatch(text);
    }
    const logs = await ask(c!, { type: 'chat', content: 'last 5 lines of the redis log' });
    expect(logs.args).toEqual({ service: 'redis', lines: 5 });
    expect((logs.data as string[]).length).toBeLessThanOrEqual(5);
    expect((logs.data as string[]).length).toBeGreaterThan(0);
    for (const line of logs.data as string[]) expect(line).toMatch(REDIS_LOG_LINE);
    expect(logs.content).toBe((logs.data as string[]).join('\n'));
  });

  it('answers info, parse (without acting) and logs, and names an unknown service', async () => {
    expect(await ask(c!, { type: 'info' })).toMatchObject({
      type: 'info_response',
      component: 'citest-container-ci',
      protocol_version: 1,
      model_name: null,
    });
    const before = ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === 'redis')!;
    const parsed = await ask(c!, { type: 'parse', content: 'restart redis' });
    expect(parsed).toMatchObject({
      type: 'parse_response',
      intent: 'restart',
      risk: 'control',
      args: { service: 'redis' },
    });
    const after = ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === 'redis')!;
    expect(after.pid).toBe(before.pid);
    const logs = await ask(c!, { type: 'logs', service: 'web', lines: 3 });
    expect(logs).toMatchObject({ type: 'logs_response', service: 'web' });
    expect((logs.lines as string[]).length).toBe(3);
    expect(await ask(c!, { type: 'logs', service: 'ghost' })).toMatchObject({
      type: 'error',
      code: 'not_found',
      message: expect.stringContaining("No service 'ghost'"),
    });
    const help = await ask(c!, { type: 'chat', content: 'tell me a joke' });
    expect(help).toMatchObject({
      intent: 'unknown',
      content: expect.stringMatching(/^I'm not sure what you mean\. I can tell you: status/),
    });
  });

  it('tells a busy Celery worker from an idle one by its CPU time', async () => {
    // A real task through the real broker (the container's Redis), queued from inside the container.
    await docker([
      'exec',
      '-u',
      '10001',
      '-w',
      '/app',
      c!.id,
      'python3',
      '-c',
      'from tasks import spin; spin.delay(4)',
    ]);
    const busy = await eventually(
      async () => {
        const w = ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === 'worker')!;
        return w.activity === 'busy' ? w : null;
      },
      { what: 'worker busy', timeoutMs: 15_000 },
    );
    expect((busy as Svc & { cpu_percent: number }).cpu_percent).toBeGreaterThan(5);
    expect((await ask(c!, { type: 'status' })).summary).toMatch(/Celery \(busy\)/);
    await eventually(
      async () =>
        ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === 'worker')!.activity === 'idle',
      { what: 'worker idle again', timeoutMs: 20_000 },
    );
  });

  it('asks before a control action and acts on the confirmation token once', async () => {
    const before = (await ask(c!, { type: 'status' })).services as Svc[];
    const ask1 = await ask(c!, { type: 'chat', content: 'please restart the celery workers' });
    expect(ask1).toMatchObject({ intent: 'restart', args: { service: 'worker' } });
    const token = (ask1.confirm as { token: string }).token;
    const done = await ask(c!, { type: 'chat', content: 'yes', confirm: token });
    expect(done.content).toMatch(/worker restarted/);
    const after = (await ask(c!, { type: 'status' })).services as Svc[];
    expect(after.find((s) => s.name === 'worker')!.pid).not.toBe(before.find((s) => s.name === 'worker')!.pid);
    const again = await ask(c!, { type: 'chat', content: 'yes', confirm: token });
    expect(again.intent).not.toBe('restart');
    const negated = await ask(c!, { type: 'chat', content: "don't restart redis" });
    expect(negated).toMatchObject({ intent: 'restart', content: expect.stringMatching(/won't restart/) });
  });

  it('runs recipes through the recipe engine: list, dry run, confirmation, audit', async () => {
    // The engine loads its recipes (in a sandboxed worker) after the services are up.
    const list = await eventually(
      async () => {
        const r = await ask(c!, { type: 'recipes' });
        return r.type === 'recipes_response' ? r : null;
      },
      { what: 'recipes loaded' },
    );
    expect((list.recipes as Array<{ name: string }>).map((r) => r.name)).toEqual(
      expect.arrayContaining(['optimize-memory', 'clear-cache']),
    );
    const dry = await ask(c!, { type: 'run', recipe: 'clear-cache', dry_run: true });
    expect(dry).toMatchObject({ type: 'run_response', recipe: 'clear-cache', dry_run: true });
    const asked = await ask(c!, { type: 'chat', content: 'optimize memory please' });
    expect(asked).toMatchObject({ intent: 'optimize-memory', args: { recipe: 'optimize-memory' } });
    const token = (asked.confirm as { token: string } | undefined)?.token;
    expect(token).toBeTruthy();
    const ran = await ask(c!, { type: 'chat', content: 'optimize memory please', confirm: token });
    expect(ran.intent).toBe('optimize-memory');
    expect((ran.data as { ok: boolean }).ok).toBe(true);
    const source = `module.exports = { name: 'say-hello', description: 'Says hello', risk: 'inspect', phrases: ['say hello'], params: {}, applies_to: [],
      async run(ctx) { return { summary: 'hello from a user recipe' }; } };`;
    const added = await ask(c!, { type: 'recipe_add', source, sender: 'test' });
    expect(added).toMatchObject({ type: 'recipe_add_response', recipe: { name: 'say-hello', source: 'user' } });
    expect(await ask(c!, { type: 'run', recipe: 'say-hello' })).toMatchObject({
      type: 'run_response',
      ok: true,
      summary: 'hello from a user recipe',
    });
    expect(await ask(c!, { type: 'recipe_add', source: 'this is not javascript (' })).toMatchObject({
      type: 'error',
      code: 'bad_request',
      message: expect.stringMatching(/could not be loaded/),
    });
    const audit = await ask(c!, { type: 'audit', lines: 10 });
    expect(
      (audit.entries as Array<{ recipe: string; dry_run: boolean }>).map((e) => `${e.recipe}:${e.dry_run}`),
    ).toEqual(expect.arrayContaining(['clear-cache:true', 'optimize-memory:false']));
  });

  it('sees a killed service at once, restarts it and reports it on the event stream', async () => {
    const events = await CiConnection.open(c!.socketPath);
    events.writeRaw(`${JSON.stringify({ type: 'events', id: 'ev', token: c!.token })}\n`);
    const before = ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === 'redis')!;
    await docker(['exec', c!.id, 'sh', '-c', `kill -9 ${before.pid}`]);
    const seen: Array<{ kind: string; service?: string }> = [];
    while (!seen.some((e) => e.kind === 'service_started' && e.service === 'redis')) {
      const line = await events.next(15_000);
      expect(line).toMatchObject({ type: 'event', id: 'ev' });
      seen.push(line.event as { kind: string; service?: string });
    }
    events.close();
    const exited = seen.find((e) => e.kind === 'service_exited' && e.service === 'redis') as
      | { detail: string }
      | undefined;
    expect(exited?.detail).toMatch(/exited unexpectedly \(killed by SIGKILL\)/);
    const redis = await eventually(
      async () => {
        const s = ((await ask(c!, { type: 'status' })).services as Svc[]).find((x) => x.name === 'redis')!;
        return s.health === 'healthy' && s.pid !== before.pid ? s : null;
      },
      { what: 'redis healthy again' },
    );
    expect(redis.restarts).toBeGreaterThanOrEqual(1);
  });

  it('reports a hung (not dead) service as unhealthy from its probe, and healthy again', async () => {
    const events = await CiConnection.open(c!.socketPath);
    events.writeRaw(`${JSON.stringify({ type: 'events', token: c!.token })}\n`);
    const redis = ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === 'redis')!;
    await docker(['exec', c!.id, 'sh', '-c', `kill -STOP ${redis.pid}`]);
    try {
      const next = async (health: string) => {
        for (;;) {
          const e = (await events.next(15_000)).event as {
            kind: string;
            service?: string;
            health?: string;
            detail: string;
          };
          if (e.kind === 'health_changed' && e.service === 'redis' && e.health === health) return e;
        }
      };
      expect((await next('unhealthy')).detail).toMatch(/did not answer PING within/);
      const why = await ask(c!, { type: 'chat', content: 'why is it slow?' });
      expect(why.content).toMatch(/Redis is unhealthy/);
    } finally {
      await docker(['exec', c!.id, 'sh', '-c', `kill -CONT ${redis.pid}`]);
    }
    for (;;) {
      const e = (await events.next(15_000)).event as { kind: string; service?: string; health?: string };
      if (e.kind === 'health_changed' && e.service === 'redis' && e.health === 'healthy') break;
    }
    events.close();
    expect(((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === 'redis')!.pid).toBe(
      redis.pid,
    );
  });

  it('answers garbage and oversized lines with errors and keeps the connection usable', async () => {
    const conn = await CiConnection.open(c!.socketPath);
    try {
      conn.writeRaw('this is not json\n');
      expect(await conn.next()).toMatchObject({ type: 'error', code: 'bad_json' });
      conn.writeRaw(Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x0a]));
      expect(await conn.next()).toMatchObject({ type: 'error', code: 'bad_json' });
      expect(await conn.request({ type: 'launch-missiles', id: 7, token: c!.token })).toMatchObject({
        type: 'error',
        code: 'unknown_type',
        id: 7,
      });
      expect(await conn.request({ type: 'logs', lines: -3, id: 8, token: c!.token })).toMatchObject({
        type: 'error',
        code: 'bad_request',
        id: 8,
      });
      expect(await conn.request([1, 2, 3])).toMatchObject({ type: 'error', code: 'bad_request' });
      conn.writeRaw(`{"type":"chat","content":"${'x'.repeat(MAX_LINE_BYTES + 10)}"}\n`);
      expect(await conn.next()).toMatchObject({ type: 'error', code: 'too_large' });
      expect(await conn.request({ type: 'ping', id: 'after' })).toMatchObject({ type: 'pong', id: 'after' });
      expect(await conn.request({ type: 'status', id: 'still', token: c!.token })).toMatchObject({
        type: 'status_response',
        id: 'still',
      });
    } finally {
      conn.close();
    }
  });

  it('refuses requests without the right token but answers ping', async () => {
    const conn = await CiConnection.open(c!.socketPath);
    try {
      expect(await conn.request({ type: 'status', id: 1 })).toMatchObject({
        type: 'error',
        code: 'unauthorized',
        id: 1,
      });
      expect(await conn.request({ type: 'chat', content: 'restart redis', token: 'wrong', id: 2 })).toMatchObject({
        type: 'error',
        code: 'unauthorized',
      });
      expect(await conn.request({ type: 'ping', id: 3 })).toMatchObject({ type: 'pong', id: 3 });
    } finally {
      conn.close();
    }
    // A service process (uid 10001) cannot read the token file the host wrote (mode 0600).
    const out = await docker(['exec', '-u', '10001', c!.id, 'sh', '-c', 'cat /run/tekton-ci/token 2>&1 || true']);
    expect(out).toMatch(/Permission denied/);
  });

  it('serves 100 concurrent clients, each with its own reply', async () => {
    const replies = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const conn = await CiConnection.open(c!.socketPath);
        try {
          return await conn.request({ type: 'status', id: `c${i}`, token: c!.token });
        } finally {
          conn.close();
        }
      }),
    );
    expect(replies.map((r) => r.id)).toEqual(Array.from({ length: 100 }, (_, i) => `c${i}`));
    for (const r of replies) expect(r.type).toBe('status_response');
  });

  it("stops every service in reverse order on SIGTERM, well before Docker's 10 s kill", async () => {
    const t0 = Date.now();
    await docker(['stop', c!.id]);
    const took = Date.now() - t0;
    const exit = await docker(['inspect', '-f', '{{.State.ExitCode}}', c!.id]);
    const logs = await docker(['logs', c!.id]);
    expect(exit).toBe('0');
    expect(logs).toMatch(/\[tekton-ci\] stopped worker, web, redis \(received SIGTERM\)/);
    const order = ['worker: Warm shutdown', '[web] INFO:     Shutting down', 'Received SIGTERM'].map((s) =>
      logs.lastIndexOf(s),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Behaviour, not speed: a clean stop ends long before the 10 s SIGKILL fallback would.
    expect(took).toBeLessThan(5000);
  });
});

describe('container CI peers over TCP', () => {
  let c: CiContainer | undefined;

  afterAll(async () => {
    await removeContainer(c);
  });

  it('forwards ask-peer over TCP with the shared token, after confirmation', async () => {
    // The container is its own peer: the TCP listener, the token check and the forwarding are real.
    c = await startContainer({
      env: { TEKTON_CI_SERVICES: 'idle', TEKTON_CI_TCP_PORT: '7070', TEKTON_CI_PEERS: 'self=127.0.0.1:7070' },
      tokenInEnv: true,
    });
    await waitForCi(c);
    // The token came in the environment: the services' environment must not carry it.
    const idle = await eventually(async () =>
      ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.pid !== null),
    );
    const environ = await docker([
      'exec',
      '-u',
      '10001',
      c.id,
      'sh',
      '-c',
      `tr '\\0' '\\n' < /proc/${idle.pid}/environ`,
    ]);
    expect(environ).toMatch(/^TEKTON_CI_PEERS=/m);
    expect(environ).not.toMatch(/TEKTON_CI_TOKEN/);
    const asked = await ask(c, { type: 'chat', content: 'ask self what the status is' });
    expect(asked).toMatchObject({ intent: 'ask-peer', args: { peer: 'self' } });
    const answer = await ask(c, {
      type: 'chat',
      content: 'ask self what the status is',
      confirm: (asked.confirm as { token: string }).token,
    });
    expect(answer.content).toMatch(/^self says: Running 1 service: idle \(/);
    const unknownPeer = await ask(c, { type: 'chat', content: 'ask bob about the weather' });
    expect(unknownPeer.intent).toBe('unknown');
  });
});

describe('container CI command override', () => {
  let c: CiContainer | undefined;

  afterAll(async () => {
    await removeContainer(c);
  });

  it("runs `docker run image <cmd>` arguments as the main web application's command", async () => {
    const cmd = [
      'python3',
      '-m',
      'uvicorn',
      'main:app',
      '--host',
      '127.0.0.1',
      '--port',
      '8000',
      '--log-level',
      'warning',
    ];
    c = await startContainer({ env: { TEKTON_CI_SERVICES: 'web,redis' }, args: cmd });
    await waitForCi(c);
    const web = await eventually(
      async () => {
        const found = (await ask(c!, { type: 'services' })).discovered as Array<{
          declared_as: string;
          command: string;
          ports: number[];
        }>;
        return found.find((d) => d.declared_as === 'web' && d.ports.includes(8000));
      },
      { what: 'web listening' },
    );
    expect(web.command).toBe(cmd.join(' '));
  });
});

describe('container CI failure handling', () => {
  let c: CiContainer | undefined;

  afterAll(async () => {
    await removeContainer(c);
    await cleanupAll();
  });

  it('marks a crash-looping service FATAL after N failures and keeps the rest running', async () => {
    c = await startContainer({ env: { TEKTON_CI_SERVICES: 'redis,crasher', TEKTON_CI_MAX_RESTARTS: '3' } });
    await waitForCi(c);
    const crasher = await eventually(
      async () => {
        const s = ((await ask(c!, { type: 'status' })).services as Svc[]).find((x) => x.name === 'crasher')!;
        return s.state === 'fatal' ? s : null;
      },
      { what: 'crasher FATAL' },
    );
    expect(crasher.restarts).toBe(2);
    const status = await ask(c, { type: 'status' });
    expect(status.summary).toMatch(/Redis \(healthy\)/);
    expect(status.summary).toMatch(/crasher \(FATAL\)/);
    const logs = await ask(c, { type: 'logs', service: 'crasher', lines: 10 });
    expect(logs.lines).toContain('crasher giving up');
    expect(logs.lines).toContain('[tekton-ci] crasher exited unexpectedly (exit code 3)');
    expect(logs.lines).toContain('[tekton-ci] crasher is FATAL: failed 3 times in a row (exit code 3); not restarting');
    const why = await ask(c, { type: 'chat', content: 'what is wrong?' });
    expect(why.content).toMatch(/crasher is FATAL/i);
    await removeContainer(c);
    c = undefined;
  });

  it('exits the container when an essential service goes FATAL and the manifest sets exit_on_fatal', async () => {
    // The fixture's container sets exit_on_fatal; without it the CI stays (app-falls.test.ts).
    c = await startContainer({ env: { TEKTON_CI_SERVICES: 'doomed', TEKTON_CI_MAX_RESTARTS: '2' } });
    const state = await eventually(
      async () => {
        const s = await docker(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', c!.id]);
        return s.startsWith('exited') ? s : null;
      },
      { what: 'container exit' },
    );
    expect(state).toBe('exited 1');
    expect(await docker(['logs', c.id])).toMatch(/essential service doomed is FATAL/);
  });
});
