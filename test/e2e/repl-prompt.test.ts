// A command that prompts (@inquirer/prompts) inside the REPL: the answer reaches the command and
// only the command (not the shell's own line editor), and Ctrl-C at the question cancels that
// command, not the shell. Without a terminal, the command gets no prompt and uses its default.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Terminal } from '../support/terminal';

const root = resolve(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const entry = join(root, 'test', 'support', 'prompting-repl.ts');
const dir = mkdtempSync(join(tmpdir(), 'repl-prompt-'));
const env = { ...process.env, TERM: 'xterm', HISTORY_FILE: join(dir, 'history') } as Record<string, string>;

describe('prompts inside the REPL', () => {
  const terminals: Terminal[] = [];
  afterAll(() => {
    for (const t of terminals) t.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands the terminal to the prompt, and Ctrl-C there cancels only the command', async () => {
    const t = Terminal.start(tsx, [entry], { cwd: root, env });
    terminals.push(t);
    await t.waitFor('aish> ');
    let from = t.mark();
    t.type('ask\r');
    await t.waitFor('Really go ahead?', from);
    t.type('y');
    await t.waitFor(/Really go ahead\?.*y/, from);
    t.type('\r');
    const answered = await t.waitFor(/answer=true interactive=true[\s\S]*aish> $/, from);
    expect(answered).not.toContain('Error');

    from = t.mark();
    t.type('ask\r');
    await t.waitFor('Really go ahead?', from);
    t.type('\x03');
    const cancelled = await t.waitFor(/Error: cancelled \(Ctrl-C\)[\s\S]*aish> $/, from);
    expect(cancelled).not.toContain('answer=');

    t.type('\x04');
    expect((await t.exited).exitCode).toBe(0);
  });

  it('never prompts without a terminal', () => {
    const r = spawnSync(tsx, [entry], { input: 'ask\n', encoding: 'utf8', env, timeout: 60_000 });
    expect(r.stdout).toBe('answer=false interactive=false\n');
    expect(r.status).toBe(0);
  });
});
