// The installed front-end (dist/aish.js) run once, as a script or a user would: exit statuses and
// the Error: line, with no terminal on stdin.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle';

const root = resolve(__dirname, '..', '..');
let home = '';

function aish(args: string[], input = '', extraEnv: Record<string, string> = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TEKTON_')));
  const r = spawnSync(process.execPath, [join(root, 'dist', 'aish.js'), ...args], {
    input,
    encoding: 'utf8',
    env: { ...env, HOME: home, TEKTON_STATE_DIR: join(home, 'state'), ...extraEnv },
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

  it("hands unknown commands to Tekton's aish when TEKTON_ROOT has one, with its exit status", () => {
    // Stand-ins for Tekton's aish are real programs: echo (prints its arguments) and false (exit 1).
    const tekton = (program: string) => {
      const root = mkdtempSync(join(home, 'tekton-'));
      mkdirSync(join(root, 'shared', 'aish'), { recursive: true });
      symlinkSync(program, join(root, 'shared', 'aish', 'aish'));
      return { TEKTON_ROOT: root };
    };
    const echoed = aish(['apollo-ci', 'hello there'], '', tekton('/bin/echo'));
    expect(echoed).toMatchObject({ status: 0, stdout: 'apollo-ci hello there\n', stderr: '' });
    const free = aish(['ergon', 'what is deployed?'], '', tekton('/bin/echo'));
    expect(free.stdout).toBe('ergon what is deployed?\n');
    expect(aish(['apollo-ci', 'x'], '', tekton('/bin/false')).status).toBe(1);
  });
});
