// The installed front-end (dist/aish.js) run once, as a script or a user would: exit statuses and
// the Error: line, with no terminal on stdin.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle';

const root = resolve(__dirname, '..', '..');
let home = '';

function aish(args: string[], input = '') {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEKTON_')));
  const r = spawnSync(process.execPath, [join(root, 'dist', 'aish.js'), ...args], {
    input,
    encoding: 'utf8',
    env: { ...env, HOME: home, TEKTON_STATE_DIR: join(home, 'state') },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('aish one-shot (bundled)', () => {
  beforeAll(async () => {
    await bundle({ root, assets: false, log: () => undefined });
    home = mkdtempSync(join(tmpdir(), 'aish-oneshot-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('aish help exits 0 and lists the families', () => {
    const r = aish(['help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Commands:');
    expect(r.stdout).toContain('help [<command>]');
    expect(r.stderr).toBe('');
  });

  it('aish nosuchthing exits 2 with an Error: line', () => {
    const r = aish(['nosuchthing']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("Error: unknown command 'nosuchthing'; type 'aish help' for the list\n");
    expect(r.stdout).toBe('');
  });

  it('without a terminal and with no arguments, runs the piped lines as commands', () => {
    const r = aish([], 'help\nnosuchthing\n');
    expect(r.stdout).toContain('Commands:');
    expect(r.stderr).toContain("Error: unknown command 'nosuchthing'");
    expect(r.status).toBe(2);
  });
});
