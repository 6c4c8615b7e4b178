// The failure record across starts of the CI (learning/history.ts, learning/failure-record.ts), in a
// temporary state directory with an injected clock: container restarts counted from the CI's own
// starts, a service's exits counted across them with its last error, the last failed run's lines
// handed to the next start, a damaged file set aside, an unwritable directory warned about once.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFailureRecord, HISTORY_FILE } from '../../../ci-runtime/learning/failure-record';
import {
  decodeHistory,
  emptyHistory,
  historySentences,
  recordBoot,
  recordEnd,
} from '../../../ci-runtime/learning/history';
import { RunOutput } from '../../../ci-runtime/supervisor/run-output';
import type { ServiceRuntime } from '../../../ci-runtime/supervisor/service-spec';

const T0 = Date.parse('2026-12-01T12:00:00Z');
const MIN = 60_000;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'failure-record-'));
  dirs.push(d);
  return d;
};

/** The state the supervisor leaves on a runtime after run `run` of `name` printed `lines` and exited 1. */
function failedRun(name: string, run: number, at: number, lines: string[], output = new RunOutput()): ServiceRuntime {
  if (lines.length) output.stream(run).push(`${lines.join('\n')}\n`);
  output.note(run, `[tekton-ci] ${name} exited unexpectedly (exit code 1)`);
  return {
    spec: { name },
    output,
    run,
    lastExit: 'exit code 1',
    lastFailure: { run, at, exit: 'exit code 1', code: 1, signal: null },
  } as unknown as ServiceRuntime;
}

const SYNTAX = [
  '  File "/app/main.py", line 3',
  '    print("hello"',
  '         ^',
  "SyntaxError: '(' was never closed",
];

describe('the failure record', () => {
  it('counts container restarts and exits across starts of the CI, with the last error', () => {
    const dir = tempDir();
    let now = T0;
    const warnings: string[] = [];
    const first = createFailureRecord({
      dir,
      services: ['web', 'redis'],
      warn: (w) => warnings.push(w),
      now: () => now,
    });
    expect(first.boot()).toBe(1);
    expect(first.before().size).toBe(0);
    const out = new RunOutput();
    for (let run = 1; run <= 3; run++) {
      now += 1000;
      first.ended(failedRun('web', run, now, SYNTAX, out));
    }
    now += 1000;
    first.fatal(failedRun('web', 3, now, [], out), 'failed 3 times in a row (exit code 1); not restarting');
    first.save();
    expect(first.sentences()).toEqual([
      "web exited 3 times in the last hour (last 12:00 UTC: exit code 1): SyntaxError: '(' was never closed; FATAL since 12:00 UTC (failed 3 times in a row (exit code 1))",
    ]);

    // The container restarts: a new CI reads the record from the same directory.
    now = T0 + 2 * MIN;
    const second = createFailureRecord({
      dir,
      services: ['web', 'redis'],
      warn: (w) => warnings.push(w),
      now: () => now,
    });
    expect(second.boot()).toBe(2);
    expect(second.before().get('web')).toMatchObject({ boot: 1, run: 3, exit: 'exit code 1', lines: SYNTAX });
    now += 1000;
    second.ended(failedRun('web', 1, now, SYNTAX));
    expect(second.sentences()).toEqual([
      'The container restarted once (12:02 UTC)',
      expect.stringMatching(
        /^web exited 4 times in the last hour, across 2 container starts \(last 12:02 UTC: exit code 1\): SyntaxError: '\(' was never closed; FATAL since 12:00 UTC/,
      ),
    ]);
    expect(warnings).toEqual([]);
    // Written at once for the start, and a moment after a failure (here: at save).
    second.save();
    expect(JSON.parse(readFileSync(join(dir, HISTORY_FILE), 'utf8'))).toMatchObject({
      boots: 2,
      services: { web: { ended: 4 } },
    });
  });

  it('says how often the container restarted and over how long, and forgets what is over an hour old', () => {
    const h = emptyHistory();
    for (let i = 0; i <= 6; i++) recordBoot(h, T0 + i * 2 * MIN);
    recordEnd(h, 'worker', T0 + MIN, 'restarted by the CI: 3 health probes failed in a row');
    expect(historySentences(h, T0 + 13 * MIN, 60 * MIN)).toEqual([
      'The container restarted 6 times in 10 min (12:02 to 12:12 UTC)',
      'worker was restarted 1 time by the CI in the last hour (last 12:01 UTC: 3 health probes failed in a row)',
    ]);
    expect(historySentences(h, T0 + 3 * 60 * MIN, 60 * MIN)).toEqual([]);
  });

  it('sets a damaged record aside and starts again, and warns once when it cannot write', () => {
    const dir = tempDir();
    writeFileSync(join(dir, HISTORY_FILE), '{"format":1,"boots":3,"bootTi');
    const warnings: string[] = [];
    const r = createFailureRecord({ dir, services: ['web'], warn: (w) => warnings.push(w), now: () => T0 });
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `${HISTORY_FILE} could not be read \\(.+\\); kept it as .+damaged-.+ and started the failure record again`,
        ),
      ),
    ]);
    expect(r.boot()).toBe(1);
    expect(readdirSync(dir).filter((f) => f.includes('damaged'))).toHaveLength(1);

    const blocker = join(tempDir(), 'blocker');
    writeFileSync(blocker, 'a file, not a directory');
    const lost: string[] = [];
    const inMemory = createFailureRecord({ dir: blocker, services: ['web'], warn: (w) => lost.push(w), now: () => T0 });
    inMemory.ended(failedRun('web', 1, T0, SYNTAX));
    inMemory.save();
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/cannot keep the failure record in .*blocker .*it is kept in memory/);
    expect(inMemory.sentences()[0]).toMatch(/^web exited 1 time/);
  });

  it('refuses a record of the wrong shape, naming what is wrong', () => {
    expect(decodeHistory({ format: 2 }, ['web'])).toBe('format is not 1');
    expect(
      decodeHistory({ format: 1, boots: 1, bootTimes: [T0], services: { web: { ended: 1, recent: [[T0]] } } }, ['web']),
    ).toBe('services.web: recent is not a list of [time, how]');
    // A service this image no longer runs is dropped, not an error.
    expect(decodeHistory({ format: 1, boots: 1, bootTimes: [T0], services: { gone: 7 } }, ['web'])).toEqual({
      format: 1,
      boots: 1,
      bootTimes: [T0],
      services: {},
    });
  });
});
