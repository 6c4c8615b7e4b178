import { describe, expect, it } from 'vitest';
import { runBuiltin } from '../../../plugin/cli/builtins';
import { sink } from './test-plugin';

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
    await expect(
      runBuiltin(['sleep', 'soon'], { stdout: out, history: [], signal: controller.signal }),
    ).rejects.toThrow(/sleep needs one number/);
    const pending = runBuiltin(['sleep', '600'], { stdout: out, history: [], signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(await runBuiltin(['sleep', '0'], { stdout: out, history: [], signal: new AbortController().signal })).toBe(
      0,
    );
    expect(out.text()).toBe('sleeping 600 s (Ctrl-C cancels)\nsleeping 0 s (Ctrl-C cancels)\nslept 0 s\n');
  });
});
