import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBuiltin } from '../../../plugin/cli/builtins';
import { appendHistory, expandRecall, formatHistory, historyPath, loadHistory } from '../../../plugin/cli/history';
import { lastPartial, splitLine } from '../../../plugin/cli/split-line';
import { sink } from './test-plugin';

describe('splitLine', () => {
  it('splits on whitespace and groups quotes', () => {
    expect(splitLine(`myapp-container-ci "how's redis?"  --json`)).toEqual(['myapp-container-ci', "how's redis?", '--json']);
    expect(splitLine(`a 'b c' d\\ e "x\\"y" ''`)).toEqual(['a', 'b c', 'd e', 'x"y', '']);
    expect(splitLine('   ')).toEqual([]);
  });
  it('refuses an unterminated quote, saying so', () => {
    expect(() => splitLine('say "hello')).toThrow(/unterminated double quote/);
  });
  it('finds the word being typed', () => {
    expect(lastPartial('docker bu')).toEqual({ before: ['docker'], partial: 'bu' });
    expect(lastPartial('docker ')).toEqual({ before: ['docker'], partial: '' });
    expect(lastPartial('')).toEqual({ before: [], partial: '' });
  });
});

describe('history', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('persists entries under <state>/aish/container-ci-history and reloads them', () => {
    dir = mkdtempSync(join(tmpdir(), 'aish-hist-'));
    const path = historyPath(dir);
    expect(path).toBe(join(dir, 'aish', 'container-ci-history'));
    const entries = loadHistory(path);
    expect(entries).toEqual([]);
    appendHistory(path, entries, 'help');
    appendHistory(path, entries, 'docker build .');
    expect(readFileSync(path, 'utf8')).toBe('help\ndocker build .\n');
    expect(loadHistory(path)).toEqual(['help', 'docker build .']);
  });

  it('expands !N and !!, and explains a bad N', () => {
    const entries = ['help', 'history', 'sleep 1'];
    expect(expandRecall('!2', entries)).toEqual({ line: 'history', expanded: true });
    expect(expandRecall('!!', entries)).toEqual({ line: 'sleep 1', expanded: true });
    expect(expandRecall('echo !2', entries)).toEqual({ line: 'echo !2', expanded: false });
    expect(expandRecall('!9', entries)).toEqual({ error: "no history entry 9: history has 3 entries (type 'history' to list them)" });
    expect(expandRecall('!!', [])).toHaveProperty('error');
  });

  it('numbers the listing from 1', () => {
    expect(formatHistory(['a', 'b'])).toBe('  1  a\n  2  b\n');
  });
});

describe('built-ins', () => {
  it('lists history and ignores other words', async () => {
    const out = sink();
    const signal = new AbortController().signal;
    expect(await runBuiltin(['history'], { stdout: out, history: ['x'], signal })).toBe(0);
    expect(out.text()).toBe('  1  x\n');
    expect(await runBuiltin(['docker'], { stdout: out, history: [], signal })).toBeNull();
  });

  it('sleep validates its argument and stops when aborted', async () => {
    const out = sink();
    const controller = new AbortController();
    await expect(runBuiltin(['sleep', 'soon'], { stdout: out, history: [], signal: controller.signal })).rejects.toThrow(/sleep needs one number/);
    const pending = runBuiltin(['sleep', '600'], { stdout: out, history: [], signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(await runBuiltin(['sleep', '0'], { stdout: out, history: [], signal: new AbortController().signal })).toBe(0);
    expect(out.text()).toBe('sleeping 600 s (Ctrl-C cancels)\nsleeping 0 s (Ctrl-C cancels)\nslept 0 s\n');
  });
});
