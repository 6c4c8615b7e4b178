import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendHistory, expandRecall, formatHistory, historyPath, loadHistory } from '../../../plugin/cli/history';

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
    expect(expandRecall('!9', entries)).toEqual({
      error: "no history entry 9: history has 3 entries (type 'history' to list them)",
    });
    expect(expandRecall('!!', [])).toHaveProperty('error');
  });

  it('numbers the listing from 1', () => {
    expect(formatHistory(['a', 'b'])).toBe('  1  a\n  2  b\n');
  });
});
