// The CI stays when the app falls (issue 24), on the real engine, with a newcomer's shop of ours
// (fixtures/broken-app): a Flask web app with a syntax error, a worker that dies on a dependency
// conflict a moment after each start, a scheduler that depends on the web app, and Redis. The
// container stays up and reports unhealthy through its HEALTHCHECK; the CI answers `status` naming
// the FATAL service and quoting its SyntaxError, `logs` shows the failed runs, the worker is never
// reported healthy, and "what changed?" counts the exits across a `docker restart`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/eventually';
import {
  ask,
  buildFixtureImage,
  docker,
  removeContainer,
  startContainer,
  waitForCi,
  type CiContainer,
} from './support';

const IMAGE = `tekton-test/ci-app-falls-${process.pid}:latest`;
type Failure = { run: number; exit: string; exit_code: number | null; error: string | null; error_lines: string[] };
type Svc = {
  name: string;
  state: string;
  health: string;
  activity?: string;
  pid: number | null;
  restarts: number;
  last_failure?: Failure;
  supervision: { held_by?: string[]; restarts_in_window: number };
};

async function services(c: CiContainer): Promise<Record<string, Svc>> {
  const r = await ask(c, { type: 'status' });
  return Object.fromEntries((r.services as Svc[]).map((s) => [s.name, s]));
}

const chat = async (c: CiContainer, content: string) => (await ask(c, { type: 'chat', content })).content as string;
const fatal = (c: CiContainer, name: string) =>
  eventually(
    async () => {
      const s = (await services(c))[name]!;
      return s.state === 'fatal' ? s : null;
    },
    { what: `${name} FATAL`, timeoutMs: 60_000 },
  );

describe('the container CI when the app falls', () => {
  let c: CiContainer | undefined;
  // Every status of the worker a client could have read from its first start until it went FATAL.
  let workerSeen: Promise<Svc[]>;

  beforeAll(async () => {
    await buildFixtureImage({ fixture: 'broken-app', tag: IMAGE });
    c = await startContainer({ image: IMAGE, env: { TEKTON_CI_PROBE_INTERVAL_MS: '500' } });
    await waitForCi(c);
    workerSeen = (async () => {
      const seen: Svc[] = [];
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const w = (await services(c!)).worker!;
        seen.push(w);
        if (w.state === 'fatal') return seen;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`the worker did not go FATAL within 60 s; last seen ${JSON.stringify(seen.at(-1))}`);
    })();
  });

  afterAll(async () => {
    await removeContainer(c);
    await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
  });

  it('stays up and unhealthy, and its status names the FATAL service and quotes the SyntaxError', async () => {
    const web = await fatal(c!, 'web');
    expect(web.last_failure).toMatchObject({
      exit: 'exit code 1',
      exit_code: 1,
      error: "SyntaxError: '{' was never closed",
    });
    expect(web.last_failure!.error_lines).toEqual([
      '  File "/app/web.py", line 16',
      '    return {"ok": True',
      '           ^',
      "SyntaxError: '{' was never closed",
    ]);
    const status = await ask(c!, { type: 'status' });
    expect(status.summary).toMatch(/Flask \(FATAL\)/);
    expect(status.summary).toMatch(/Flask run 5 ended with exit code 1: SyntaxError: '\{' was never closed/);
    // What does not depend on the web app runs on; what does is held, and says so.
    const now = await eventually(
      async () => {
        const s = await services(c!);
        return s.beat!.supervision.held_by ? s : null;
      },
      { what: 'beat held' },
    );
    expect(now.redis).toMatchObject({ state: 'running', health: 'healthy' });
    expect(now.beat).toMatchObject({ state: 'starting', pid: null, supervision: { held_by: ['web'] } });
    expect(await chat(c!, 'status')).toMatch(/beat \(held: web is FATAL\)/);
    // The container stays, reports unhealthy through the CI, and Docker did not restart it.
    const health = await eventually(
      async () => {
        const h = await docker([
          'inspect',
          '-f',
          '{{.State.Status}} {{.RestartCount}} {{.State.Health.Status}}',
          c!.id,
        ]);
        return h.endsWith('unhealthy') ? h : null;
      },
      { what: 'container unhealthy' },
    );
    expect(health).toBe('running 0 unhealthy');
    expect(await docker(['logs', c!.id])).toMatch(/essential service web is FATAL: the CI stays up and answers/);
  });

  it('shows the output of the failed runs in the logs of the service', async () => {
    await fatal(c!, 'web');
    const logs = await ask(c!, { type: 'logs', service: 'web', lines: 20 });
    const lines = logs.lines as string[];
    expect(lines).toContain("SyntaxError: '{' was never closed");
    expect(lines).toContain('[tekton-ci] web exited unexpectedly (exit code 1)');
    expect(lines.some((l) => /^\[tekton-ci\] web run 5 started \(pid \d+\)$/.test(l))).toBe(true);
    expect(await chat(c!, 'show the web logs')).toMatch(/^SyntaxError: '\{' was never closed$/m);
  });

  it('never reports a worker that keeps dying healthy, and quotes its error when asked why', async () => {
    const seen = await workerSeen;
    expect(seen.some((w) => w.state === 'running' && w.pid !== null)).toBe(true);
    expect(seen.filter((w) => w.health === 'healthy' || w.activity !== undefined)).toEqual([]);
    expect(seen.some((w) => w.state !== 'fatal' && w.supervision.restarts_in_window > 0)).toBe(true);
    const worker = seen.at(-1)!;
    expect(worker.last_failure!.error).toMatch(/^pkg_resources\.VersionConflict: \(kombu [\d.]+ .*kombu>=99/);
    const why = await chat(c!, 'why is the worker failing?');
    expect(why).toMatch(
      /^Found \d+ problems?: Celery is FATAL \(gave up after repeated failures\): run 5 ended with exit code 1/,
    );
    expect(why).toMatch(/last error: pkg_resources\.VersionConflict: \(kombu/);
  });

  it('counts the exits across a docker restart when asked what changed', async () => {
    const before = (await fatal(c!, 'web')).restarts + 1;
    await docker(['restart', c!.id]);
    await waitForCi(c!);
    const after = (await fatal(c!, 'web')).restarts + 1;
    const changed = await chat(c!, 'what changed?');
    expect(changed).toMatch(/The container restarted once \(\d\d:\d\d UTC\)/);
    expect(changed).toMatch(
      new RegExp(
        `web exited ${before + after} times in the last hour, across 2 container starts \\(last \\d\\d:\\d\\d UTC: exit code 1\\): SyntaxError: '\\{' was never closed; FATAL since`,
      ),
    );
    // The last failed run before the restart is in the web logs from the CI's first moment.
    const logs = (await ask(c!, { type: 'logs', service: 'web', lines: 200 })).lines as string[];
    expect(
      logs.some((l) => /^\[tekton-ci\] before this start of the CI: web run 5 ended .+ UTC with exit code 1/.test(l)),
    ).toBe(true);
  });
});
