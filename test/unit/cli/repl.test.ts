// The REPL loop over plain streams (no terminal): lines run in order, history and !N work, the
// plugin's replStart hook (the background monitor) stays off: it is for terminals, and is tested
// there, in test/e2e/repl.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runRepl } from '../../../plugin/cli/repl';
import { testIo, testPlugin } from './test-plugin';

describe('runRepl without a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'repl-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs piped lines in order with history and recall, without the background hook', async () => {
    const plugin = testPlugin();
    const events: string[] = [];
    plugin.hooks.replStart = async (io) => {
      events.push('start');
      io.notify('monitor: watching 0 CIs');
      return async () => {
        events.push('stop');
      };
    };
    const t = testIo();
    const input = new PassThrough();
    const output = t.stdout as unknown as NodeJS.WriteStream;
    const historyFile = join(dir, 'aish', 'container-ci-history');
    const done = runRepl({ plugin, io: t.io, input: input as unknown as NodeJS.ReadStream, output, historyFile });
    input.end('aish docker build app\n\nhistory\n!1\nsleep x\nexit\ndocker build never\n');
    const status = await done;

    expect(status).toBe(2); // the last command before exit (sleep x) was a usage error
    expect(t.stdout.text()).toBe(
      'built app\n  1  aish docker build app\n  2  history\naish docker build app\nbuilt app\n',
    );
    expect(t.stderr.text()).toMatch(/^Error: sleep needs one number/);
    expect(plugin.calls).toEqual(['build app tag=undefined json=false', 'build app tag=undefined json=false']);
    expect(events).toEqual([]);
    expect(readFileSync(historyFile, 'utf8')).toBe(
      'aish docker build app\nhistory\naish docker build app\nsleep x\nexit\n',
    );
  });
});
