// Through a real terminal (node-pty) and the bundled front-end: a control action asks on a TTY
// and goes ahead on "yes", stops on "no"; `ci shell` opens a shell in the container; a CI name
// without a message opens that CI's REPL.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Terminal } from '../../support/terminal';
import { ergonFamily } from '../../../plugin/ergon/family';
import { runSub } from './support/run-command';
import { hostFixture, cleanup } from './support/host-fixture';

const ROOT = resolve(__dirname, '../../..');
const NAME = `htt-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('terminal: confirmation, shell, CI REPL', () => {
  let f: ReturnType<typeof hostFixture>;
  const open: Terminal[] = [];
  const aish = (...args: string[]) => {
    const t = Terminal.start(process.execPath, [resolve(ROOT, 'dist/aish.js'), ...args], {
      cwd: ROOT,
      env: { ...(f.env as Record<string, string>), AISH_MONITOR: 'off', TERM: 'xterm' },
    });
    open.push(t);
    return t;
  };
  beforeAll(async () => {
    execFileSync('npx', ['tsx', 'scripts/bundle.ts'], { cwd: ROOT, stdio: 'ignore' });
    f = hostFixture();
    expect((await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env: f.env })).status).toBe(0);
  });
  afterAll(async () => {
    for (const t of open) t.kill();
    // A killed aish may still sync the registry on its way out: remove the state dir once all are gone.
    await Promise.all(open.map((t) => Promise.race([t.exited, new Promise((ok) => setTimeout(ok, 5000))])));
    cleanup(f.stateDir, [NAME]);
  });

  it('asks before a control action and does it on yes', async () => {
    const t = aish('ci', 'ask', CI, 'restart worker');
    await t.waitFor(/restart.*worker.*\?/i);
    t.type('y\r');
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(0);
    expect(t.text).toMatch(/restart/i);
    expect(t.text).not.toMatch(/Error:/);
  });

  it('does nothing on no, and says so', async () => {
    const t = aish('ci', 'ask', CI, 'restart worker');
    await t.waitFor(/restart.*worker.*\?/i);
    t.type('n\r');
    const { exitCode } = await t.exited;
    expect(exitCode).toBe(1);
    expect(t.text).toMatch(/Error: Not confirmed: nothing was done/);
  });

  it('ergon stop asks first on a TTY; "no" leaves the container running', async () => {
    const t = aish('ergon', 'stop', NAME);
    await t.waitFor(`Stop container ${NAME}?`);
    t.type('n\r');
    expect((await t.exited).exitCode).toBe(1);
    expect(t.text).toContain('Not stopped.');
    expect(execFileSync('docker', ['inspect', '-f', '{{.State.Running}}', NAME], { encoding: 'utf8' }).trim()).toBe(
      'true',
    );
  });

  it('ci shell opens an interactive shell in the container', async () => {
    const t = aish('ci', 'shell', CI);
    await t.waitFor(/[#$] ?$/m);
    t.type('echo hi-$((40+2)) && hostname\r');
    await t.waitFor('hi-42');
    t.type('exit\r');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('a CI name without a message opens its REPL', async () => {
    const t = aish(CI);
    await t.waitFor(`${CI}> `);
    const mark = t.mark();
    t.type('status\r');
    await t.waitFor(/Running \d+ services?/, mark);
    t.type('exit\r');
    expect((await t.exited).exitCode).toBe(0);
  });
});
