import { describe, expect, it } from 'vitest';
import { type Clock, pollUntil } from '../../../protocol';

// The one wait/retry helper, driven by a fake clock: no test here waits for real time.
function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}

describe('pollUntil', () => {
  it('returns the first accepted value and how many attempts it took', async () => {
    let n = 0;
    const r = await pollUntil(
      () => ++n,
      (v) => v >= 3,
      { timeoutMs: 10_000, clock: fakeClock() },
    );
    expect(r).toEqual({ ok: true, value: 3, error: undefined, attempts: 3 });
  });

  it('gives up before the deadline would pass, with the last value', async () => {
    const clock = fakeClock();
    const r = await pollUntil(
      () => 'starting',
      (v) => v === 'ready',
      { timeoutMs: 1000, intervalMs: 300, clock },
    );
    expect(r).toMatchObject({ ok: false, value: 'starting', attempts: 4 });
    expect(clock.slept).toEqual([300, 300, 300]);
  });

  it('counts a throw as a failed attempt and keeps the error until an attempt succeeds', async () => {
    let n = 0;
    const failing = await pollUntil(
      () => {
        throw new Error(`refused ${++n}`);
      },
      () => true,
      { timeoutMs: 500, clock: fakeClock() },
    );
    expect(failing.ok).toBe(false);
    expect((failing.error as Error).message).toBe('refused 3');
    let m = 0;
    const recovering = await pollUntil(
      () => {
        if (++m < 2) throw new Error('not yet');
        return m;
      },
      () => true,
      { timeoutMs: 500, clock: fakeClock() },
    );
    expect(recovering).toEqual({ ok: true, value: 2, error: undefined, attempts: 2 });
  });

  it('backs off by the factor up to the largest pause', async () => {
    const clock = fakeClock();
    await pollUntil(
      () => 0,
      () => false,
      { timeoutMs: 2000, intervalMs: 100, backoff: 2, maxIntervalMs: 500, clock },
    );
    expect(clock.slept.slice(0, 5)).toEqual([100, 200, 400, 500, 500]);
  });

  it('stops as soon as it is aborted, before asking again', async () => {
    let n = 0;
    const r = await pollUntil(
      () => ++n,
      () => false,
      { timeoutMs: 10_000, clock: fakeClock(), isAborted: () => n >= 2 },
    );
    expect(r).toMatchObject({ ok: false, value: 2, attempts: 2 });
  });

  it('tells each attempt how much time is left', async () => {
    const left: number[] = [];
    await pollUntil(
      (ms) => left.push(ms),
      () => false,
      { timeoutMs: 700, intervalMs: 300, clock: fakeClock() },
    );
    expect(left).toEqual([700, 400, 100]);
  });
});
