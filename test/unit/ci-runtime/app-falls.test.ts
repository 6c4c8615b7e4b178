// The whole CI (ci.ts) with real processes, a real socket and a temporary state directory, when
// the app falls (issue 24): a web app with a syntax error goes FATAL and the CI stays, answers and
// reports unhealthy through the image's HEALTHCHECK; its dependent is held, an independent service
// keeps running; a worker that dies after a moment is never healthy; the output of the failed runs,
// their error line and the restarts survive, across a second start of the CI on the same state dir.
// exit_on_fatal brings back the exit. The real-engine version is test/docker/ci-runtime/app-falls.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceStatus } from '../../../protocol';
import { type RunningCi, startCi } from '../../../ci-runtime/ci';
import { stateWord } from '../../../ci-runtime/status-view';
import { runHealthcheck } from '../../../ci-runtime/tool/healthcheck';

const TOKEN = 'app-falls-token';
const node = process.execPath;
const app = (type: string, run: string[], extra: object = {}) => ({
  type,
  language: 'node',
  framework: null,
  entrypoint: null,
  dependencies: [],
  build_commands: [],
  run_command: run,
  port: null,
  health: null,
  // As root (a CI runner) the CI would start services as UID 10001, which cannot read this temp dir.
  user: 'root',
  ...extra,
});

function manifestFor(dir: string, exitOnFatal?: boolean) {
  const broken = join(dir, 'server.js');
  // A real syntax error, reported by the real runtime.
  writeFileSync(broken, "const http = require('http');\nhttp.createServer((q, s) => s.end('ok')).listen(0;\n");
  return {
    manifest_version: 1,
    project: { name: 'falls', repository: null },
    applications: {
      web: app('web', [node, broken], {
        essential: true,
        port: 18_000 + (process.pid % 1000),
        supervision: { backoff_ms: 10 },
      }),
      // Dies 300 ms after each start on a dependency conflict; healthy only after 1 s up.
      worker: app(
        'worker',
        [
          node,
          '-e',
          "setTimeout(() => { console.error('Error: kombu 5.2.0 conflicts with celery 5.4'); process.exit(1) }, 300)",
        ],
        { supervision: { backoff_ms: 10, stable_after_s: 1 } },
      ),
      beat: app('scheduler', [node, '-e', 'setInterval(() => {}, 1000)'], { depends_on: ['web'] }),
      clock: app('process', [node, '-e', 'setInterval(() => {}, 1000)'], { supervision: { stable_after_s: 0.5 } }),
    },
    containers: {
      falls: {
        base_image: 'scratch',
        applications: ['web', 'worker', 'beat', 'clock'],
        ports: [],
        ci_name: 'falls-container-ci',
        ci_capabilities: [],
        ...(exitOnFatal === undefined ? {} : { exit_on_fatal: exitOnFatal }),
      },
    },
    packaging: { build_order: ['falls'], registry: null, tagging: 'content-hash' },
  };
}

const dirs: string[] = [];
const running: RunningCi[] = [];
afterEach(async () => {
  for (const ci of running.splice(0)) await ci.shutdown('test over');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function boot(dir: string, exitOnFatal?: boolean) {
  const manifest = join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify(manifestFor(dir, exitOnFatal)));
  const exits: number[] = [];
  const out: string[] = [];
  const env = {
    PATH: process.env.PATH,
    TEKTON_CI_MANIFEST: manifest,
    TEKTON_CI_SOCKET: join(dir, 'ci.sock'),
    TEKTON_CI_TOKEN: TOKEN,
    TEKTON_CI_STATE_DIR: join(dir, 'state'),
    TEKTON_CI_PROBE_INTERVAL_MS: '100',
  };
  const ci = await startCi({ env, argv: [], out: (l) => out.push(l), exit: (code) => exits.push(code) });
  running.push(ci);
  return { ci, exits, out, env };
}

const byName = (ci: RunningCi) => new Map(ci.core.services().map((s) => [s.name, s]));

async function until<T>(what: string, check: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const chat = async (ci: RunningCi, content: string) => (await ci.core.chat(content, { sender: 'test' })).content;

describe('the CI when the app falls', () => {
  it('stays up and answers with the error when an essential service is FATAL, across a second start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-falls-'));
    dirs.push(dir);
    const first = await boot(dir);
    // Watch the worker while it crash-loops: every status a client could have read.
    const seen: ServiceStatus[] = [];
    const worker = await until('worker FATAL', () => {
      const w = byName(first.ci).get('worker')!;
      seen.push(w);
      return w.state === 'fatal' ? w : null;
    });
    expect(seen.some((s) => s.state === 'running' && s.pid !== null)).toBe(true);
    expect(seen.filter((s) => s.health === 'healthy' || s.activity)).toEqual([]);
    expect(seen.map(stateWord)).toContain('restarting (1 in the last 1 min)');
    expect(worker.last_failure).toMatchObject({
      exit: 'exit code 1',
      exit_code: 1,
      error: 'Error: kombu 5.2.0 conflicts with celery 5.4',
    });
    expect(await chat(first.ci, 'why is the worker failing?')).toMatch(
      /Worker is FATAL \(gave up after repeated failures\): run 5 ended with exit code 1; last error: Error: kombu 5\.2\.0 conflicts with celery 5\.4/,
    );

    const web = await until('web FATAL', () => byName(first.ci).get('web')!.state === 'fatal' && byName(first.ci));
    expect(first.exits).toEqual([]);
    expect(web.get('web')!.last_failure).toMatchObject({
      exit: 'exit code 1',
      error: expect.stringMatching(/^SyntaxError: /),
    });
    expect(web.get('web')!.last_failure!.error_lines[0]).toMatch(/server\.js:2$/);
    // The dependent is held, saying so; the independent one runs on and turns healthy.
    expect(web.get('beat')).toMatchObject({ state: 'starting', pid: null, supervision: { held_by: ['web'] } });
    await until('clock healthy', () => byName(first.ci).get('clock')!.health === 'healthy');
    const status = await chat(first.ci, 'status');
    expect(status).toMatch(/^Running 1 of 4 services: web \(FATAL\), .*beat \(held: web is FATAL\)/);
    expect(status).toMatch(/web run 5 ended with exit code 1: SyntaxError: /);
    const logs = await chat(first.ci, 'show the web logs');
    expect(logs).toMatch(/\[tekton-ci\] web run 5 started/);
    expect(logs).toMatch(/^SyntaxError: /m);
    // The image's HEALTHCHECK asks the CI over its socket: unhealthy, not unreachable.
    const said: string[] = [];
    expect(await runHealthcheck({ env: first.env, out: (l) => said.push(l) })).toBe(1);
    expect(said).toEqual(['container CI: unhealthy']);
    expect(first.out).toContain(
      '[tekton-ci] essential service web is FATAL: the CI stays up and answers, and the container reports unhealthy (containers.falls.exit_on_fatal: true makes it exit instead)',
    );

    // The container restarts: a new CI on the same state directory.
    await first.ci.shutdown('restart');
    running.splice(running.indexOf(first.ci), 1);
    const second = await boot(dir);
    const before = await chat(second.ci, 'show the web logs');
    expect(before).toMatch(/before this start of the CI: web run 5 ended .* UTC with exit code 1; its last lines:/);
    await until('web FATAL again', () => byName(second.ci).get('web')!.state === 'fatal');
    await until('worker FATAL again', () => byName(second.ci).get('worker')!.state === 'fatal');
    const changed = await chat(second.ci, 'what changed?');
    expect(changed).toMatch(/The container restarted once \(\d\d:\d\d UTC\)/);
    expect(changed).toMatch(
      /web exited 10 times in the last hour, across 2 container starts \(last \d\d:\d\d UTC: exit code 1\): SyntaxError: /,
    );
    expect(changed).toMatch(/worker exited 10 times in the last hour, across 2 container starts/);
  }, 60_000);

  it('exits when the manifest asks for exit_on_fatal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'app-falls-'));
    dirs.push(dir);
    const { exits, out } = await boot(dir, true);
    await until('exit', () => exits.length > 0);
    expect(exits).toEqual([1]);
    expect(out.some((l) => /stopped .* \(essential service web is FATAL\)/.test(l))).toBe(true);
    running.splice(0);
  }, 30_000);
});
