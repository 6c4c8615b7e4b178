// Boundary 1 (docs/security.md): everything printed is text. A container answers its CI's requests
// with terminal escape sequences (clear the screen, retitle the window, a hidden hyperlink, colours,
// a forged line) and writes them to its log; `aish <ci> "status"`, `aish ergon logs` and an error
// reply, run through the real front-end (dist/aish.js), print them as text. Controls: the reply as the
// container sent it (over the same transport) and `docker logs` hold the sequences.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerCiRoute } from '../../../plugin/ci/family';
import { ergonFamily } from '../../../plugin/ergon/family';
import { createHostDeps } from '../../../plugin/host';
import { transportFor } from '../../../plugin/transport/ci-connect';
import { bundle } from '../../../scripts/bundle';
import { eventually } from '../../support/eventually';
import { cleanup, docker, hostFixture } from '../host/support/host-fixture';
import { runRoute, runSub } from '../host/support/run-command';
import { asRoot, serveOwnSocket } from './support/hostile-container';

const ROOT = resolve(__dirname, '..', '..', '..');
const NAME = `hes-${process.pid}`;
const CI = `${NAME}-container-ci`;
const ESC = '\u001b';
const HOSTILE = `all good${ESC}[2J${ESC}[H${ESC}]0;pwned\u0007${ESC}]8;;http://evil.example${ESC}\\click${ESC}]8;;${ESC}\\ ${ESC}[31mred${ESC}[0m\rforged`;

describe('replies and logs reach the terminal as text', () => {
  let f: ReturnType<typeof hostFixture>;
  const aish = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'dist', 'aish.js'), ...args], {
      env: { ...f.env, AISH_HERMES_SENDER: 'off', AISH_MONITOR: 'off' },
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(async () => {
    await bundle({ root: ROOT, assets: false, log: () => undefined });
    f = hostFixture();
    const r = await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env: f.env });
    expect(r.status, r.stderr).toBe(0);
    await eventually(
      async () => (await runRoute(containerCiRoute, CI, { args: ['status'], env: f.env })).status === 0,
      {
        what: `${CI} answers`,
        timeoutMs: 60_000,
      },
    );
  });
  afterAll(() => cleanup(f.stateDir, [NAME]));

  it('a reply full of escape sequences prints as plain text', async () => {
    await serveOwnSocket(NAME, { type: 'response', ai_id: CI, content: HOSTILE, intent: 'status', args: {} });
    // Control: the reply as the container sent it carries every sequence.
    const deps = createHostDeps(f.env, () => undefined);
    const raw = await transportFor((await deps.registry.find(CI))!, deps.containers).request({
      type: 'chat',
      content: 'status',
    });
    expect((raw as { content: string }).content).toBe(HOSTILE);
    const r = aish(CI, 'status');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toContain('\r');
    expect(r.stdout).not.toContain('\u0007');
    expect(r.stdout).toBe('all goodclick red\nforged\n');
  });

  it('an error reply quoting escape sequences prints as text too', async () => {
    const message = `nope${ESC}[2J${ESC}]0;pwned\u0007 gone`;
    await serveOwnSocket(NAME, { type: 'error', code: 'bad', message });
    // Control: the error as the container sent it.
    const deps = createHostDeps(f.env, () => undefined);
    const raw = await transportFor((await deps.registry.find(CI))!, deps.containers).request({ type: 'status' });
    expect((raw as { message: string }).message).toBe(message);
    const r = aish(CI, 'status');
    expect(r.stdout + r.stderr).toMatch(/nope gone/);
    expect(r.stdout + r.stderr).not.toContain(ESC);
  });

  it('a service log with escape sequences prints as text through ergon logs', () => {
    asRoot(NAME, `printf 'log line${ESC}[2J${ESC}]0;pwned\\007 after${ESC}[31m red\\n' > /proc/1/fd/1`);
    // Control: the engine's log holds the sequences.
    expect(docker('logs', NAME)).toContain(`${ESC}[2J`);
    const r = aish('ergon', 'logs', NAME);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('log line after red');
    expect(r.stdout).not.toContain(ESC);
  });
});
