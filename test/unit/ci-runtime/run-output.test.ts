// A service's output across its runs (supervisor/run-output.ts): lines tagged with their run,
// stdout and stderr split separately, a last line without a newline kept, late lines kept with
// their run, and a fixed bound.
import { describe, expect, it } from 'vitest';
import { RunOutput } from '../../../ci-runtime/supervisor/run-output';

describe('run output', () => {
  it('keeps each stream of each run apart, and flushes a last line without a newline at its end', () => {
    const out = new RunOutput();
    const stdout = out.stream(1);
    const stderr = out.stream(1);
    expect(stdout.push('hal')).toEqual([]);
    expect(stderr.push('Traceback (most recent call last):\n  File "x"')).toEqual([
      'Traceback (most recent call last):',
    ]);
    expect(stdout.push('f a line\n')).toEqual(['half a line']);
    expect(stderr.push(', line 3\nSyntaxError: bad')).toEqual(['  File "x", line 3']);
    expect(stderr.end()).toEqual(['SyntaxError: bad']);
    expect(stdout.end()).toEqual([]);
    expect(out.linesOf(1)).toEqual([
      'Traceback (most recent call last):',
      'half a line',
      '  File "x", line 3',
      'SyntaxError: bad',
    ]);
  });

  it('survives the next run: the failed run stays readable, and a late line stays with its run', () => {
    const out = new RunOutput();
    out.note(1, '[tekton-ci] web run 1 started (pid 7)');
    const first = out.stream(1);
    first.push('ImportError: no module\n');
    out.note(1, '[tekton-ci] web exited unexpectedly (exit code 1)');
    out.note(2, '[tekton-ci] web run 2 started (pid 8)');
    const second = out.stream(2);
    second.push('booting\n');
    // Run 1's pipe drains after run 2 began.
    first.push('late line of run 1\n');
    expect(out.linesOf(1)).toEqual([
      '[tekton-ci] web run 1 started (pid 7)',
      'ImportError: no module',
      '[tekton-ci] web exited unexpectedly (exit code 1)',
      'late line of run 1',
    ]);
    expect(out.tail(3)).toEqual(['late line of run 1', '[tekton-ci] web run 2 started (pid 8)', 'booting']);
    expect(out.tail(0)).toEqual([]);
  });

  it('holds at most its capacity, dropping the oldest, and cuts long lines', () => {
    const out = new RunOutput(3, 5);
    const s = out.stream(1);
    s.push('a\nb\nc\n');
    out.stream(2).push('d\n0123456789\n');
    expect(out.tail(10)).toEqual(['c', 'd', '01234']);
    expect(out.linesOf(1)).toEqual(['c']);
    const before = out.version;
    out.note(2, 'x');
    expect(out.version).toBe(before + 1);
  });
});
