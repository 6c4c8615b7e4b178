// The aish REPL in a real terminal (node-pty), run from the bundle exactly as installed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle';
import { Terminal } from '../support/terminal';

const root = resolve(__dirname, '..', '..');
const PROMPT = 'aish> ';

describe('aish REPL in a terminal', () => {
  let home = '';
  let env: Record<string, string> = {};
  const terminals: Terminal[] = [];

  beforeAll(async () => {
    await bundle({ root, assets: false, log: () => undefined });
    home = mkdtempSync(join(tmpdir(), 'aish-e2e-'));
    env = Object.fromEntries(
      Object.entries(process.env).filter(
        (e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('TEKTON_'),
      ),
    );
    // The background monitor prints other containers' events at any moment; these tests read the
    // screen line by line, so it is off here and on in its own test below.
    Object.assign(env, { HOME: home, TEKTON_STATE_DIR: join(home, 'state'), TERM: 'xterm', AISH_MONITOR: 'off' });
  });
  afterAll(() => {
    for (const t of terminals) t.kill();
    rmSync(home, { recursive: true, force: true });
  });

  const open = async (extra: Record<string, string> = {}) => {
    const t = Terminal.start(process.execPath, [join(root, 'dist', 'aish.js')], {
      cwd: home,
      env: { ...env, ...extra },
    });
    terminals.push(t);
    await t.waitFor(PROMPT);
    return t;
  };
  const run = async (t: Terminal, line: string, until: RegExp | string) => {
    const from = t.mark();
    t.type(`${line}\r`);
    return t.waitFor(until, from);
  };

  it('runs commands, cancels one with Ctrl-C and survives, recalls history, completes, leaves on Ctrl-D', async () => {
    const t = await open();
    expect(await run(t, 'help', /In the interactive shell:[\s\S]*aish> $/)).toContain('sleep <seconds>');

    // A slow command, cancelled: the shell prints the cancellation and prompts again.
    let from = t.mark();
    t.type('sleep 600\r');
    await t.waitFor('sleeping 600 s (Ctrl-C cancels)', from);
    t.type('\x03');
    const cancelled = await t.waitFor(/Error: cancelled \(Ctrl-C\)[\s\S]*aish> $/, from);
    expect(cancelled).not.toContain('slept');

    // Ctrl-C on a half-typed line clears it without running it.
    from = t.mark();
    t.type('docker half typed');
    await t.waitFor('half typed', from);
    t.type('\x03');
    await t.waitFor(/\^C[\s\S]*aish> $/, from);

    // The shell still works; the cancelled line is in the history, the cleared one is not.
    const listing = await run(t, 'history', /3 {2}history[\s\S]*aish> $/);
    expect(listing).toMatch(/1 {2}help\s+2 {2}sleep 600\s+3 {2}history/);
    expect(listing).not.toContain('half typed');

    // !N recall runs the recalled command.
    const recalled = await run(t, '!1', /In the interactive shell:[\s\S]*aish> $/);
    expect(recalled).toMatch(/!1\s+help/);

    // Tab completes a first word (a built-in) and a family name.
    from = t.mark();
    t.type('hist\t');
    await t.waitFor('history', from);
    t.type('\r');
    await t.waitFor(/5 {2}history[\s\S]*aish> $/, from);
    from = t.mark();
    t.type('erg\t');
    await t.waitFor('ergon', from);
    t.type(' --help\r');
    expect(await t.waitFor(/Subcommands:[\s\S]*aish> $/, from)).toContain('aish ergon: ');

    t.type('\x04');
    expect((await t.exited).exitCode).toBe(0);
    expect(readFileSync(join(home, 'state', 'aish', 'container-ci-history'), 'utf8')).toBe(
      'help\nsleep 600\nhistory\nhelp\nhistory\nergon --help\n',
    );
  });

  it('keeps history across sessions', async () => {
    const t = await open();
    const listing = await run(t, 'history', /7 {2}history[\s\S]*aish> $/);
    expect(listing).toMatch(/1 {2}help\s+2 {2}sleep 600/);
    const recalled = await run(t, '!2', /sleeping 600 s/);
    expect(recalled).toMatch(/!2\s+sleep 600/);
    t.type('\x03');
    await t.waitFor(/Error: cancelled \(Ctrl-C\)[\s\S]*aish> $/, t.text.lastIndexOf('sleeping 600 s'));
    const unknown = await run(t, 'nosuchthing', /Error: [\s\S]*aish> $/);
    expect(unknown).toContain("Error: unknown command 'nosuchthing'");
    t.type('exit\r');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('stops a real long-running command (ci monitor) on Ctrl-C and goes on', async () => {
    const t = await open();
    const from = t.mark();
    t.type('ci monitor --no-hermes\r');
    await t.waitFor(/monitoring \d+ container CIs/, from);
    t.type('\x03');
    await t.waitFor(/\^C[\s\S]*aish> $/, from);
    expect(await run(t, 'help ci', /Subcommands:[\s\S]*aish> $/)).toContain('monitor');
    t.type('\x04');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('shows container events from the background monitor above the prompt, keeping the typed text', async () => {
    const docker = new Docker();
    const name = `spine-e2e-${process.pid}`;
    const t = await open({ AISH_MONITOR: 'on' });
    // Subscribed to the engine's events once it says what it watches.
    await t.waitFor(/\[monitor\] watching \d+ container CIs/);
    t.type('hel');
    const container = await docker.createContainer({
      Image: 'tekton-local/debian:bookworm',
      name,
      Cmd: ['sleep', '300'],
      Labels: { 'tekton.test': '1', 'tekton.ci.name': `${name}-container-ci` },
      HostConfig: { NetworkMode: 'none' },
    });
    try {
      await container.start();
      await t.waitFor(`[monitor] ${name}-container-ci: container started`);
      await container.remove({ force: true });
      await t.waitFor(`[monitor] ${name}-container-ci: container removed`);
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
    // What was typed before the events is still on the line: completing it runs `help`.
    const from = t.mark();
    t.type('p\r');
    await t.waitFor(/In the interactive shell:[\s\S]*aish> $/, from);
    t.type('\x04');
    expect((await t.exited).exitCode).toBe(0);
  });
});
