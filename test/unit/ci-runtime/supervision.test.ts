import { describe, expect, it } from 'vitest';
import { decideRestart, DEFAULT_BACKOFF } from '../../../ci-runtime/supervisor/backoff';
import { startOrder } from '../../../ci-runtime/supervisor/order';
import { LineRing } from '../../../ci-runtime/supervisor/ring-buffer';
import { resolveUser } from '../../../ci-runtime/supervisor/users';
import { waitUntilReady, type Clock } from '../../../ci-runtime/readiness';

describe('start order', () => {
  it('puts dependencies first and datastores before apps, else keeps manifest order', () => {
    const apps = {
      web: { type: 'web' as const, depends_on: ['worker'] },
      worker: { type: 'worker' as const },
      redis: { type: 'redis' as const },
      db: { type: 'postgres' as const },
    };
    expect(startOrder(apps, ['web', 'worker', 'redis', 'db'])).toEqual(['redis', 'db', 'worker', 'web']);
  });

  it('refuses a dependency cycle, naming it', () => {
    const apps = { a: { type: 'web' as const, depends_on: ['b'] }, b: { type: 'worker' as const, depends_on: ['a'] } };
    expect(() => startOrder(apps, ['a', 'b'])).toThrow(/cycle: a → b → a/);
  });
});

describe('restart backoff', () => {
  it('backs off exponentially and goes FATAL after N failures in a row', () => {
    const policy = { ...DEFAULT_BACKOFF, maxFailures: 3 };
    expect(decideRestart(0, 50, policy)).toEqual({ action: 'restart', delayMs: 100, failures: 1 });
    expect(decideRestart(1, 50, policy)).toEqual({ action: 'restart', delayMs: 200, failures: 2 });
    expect(decideRestart(2, 50, policy)).toEqual({ action: 'fatal', failures: 3 });
  });

  it('starts a new streak after a run that lasted', () => {
    expect(decideRestart(4, DEFAULT_BACKOFF.stableMs, DEFAULT_BACKOFF)).toEqual({
      action: 'restart',
      delayMs: 100,
      failures: 1,
    });
  });

  it('caps the delay', () => {
    const d = decideRestart(20, 0, { ...DEFAULT_BACKOFF, maxFailures: 100 });
    expect(d).toMatchObject({ action: 'restart', delayMs: DEFAULT_BACKOFF.maxMs });
  });
});

describe('output ring', () => {
  it('keeps the last N complete lines and holds a partial line back', () => {
    const ring = new LineRing(3);
    expect(ring.push('a\nb\nc')).toEqual(['a', 'b']);
    expect(ring.push('\nd\ne\n')).toEqual(['c', 'd', 'e']);
    expect(ring.tail(10)).toEqual(['c', 'd', 'e']);
    expect(ring.tail(2)).toEqual(['d', 'e']);
    expect(ring.tail(0)).toEqual([]);
  });
});

describe('service user', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\napp:x:10001:10001::/home/app:/usr/sbin/nologin\n';
  it('defaults to the app user and resolves names or UIDs', () => {
    expect(resolveUser(passwd, undefined)).toEqual({ name: 'app', uid: 10001, gid: 10001, home: '/home/app' });
    expect(resolveUser(passwd, 'root')).toMatchObject({ uid: 0 });
    expect(resolveUser('', undefined)).toMatchObject({ uid: 10001, gid: 10001 });
    expect(resolveUser(passwd, 'nobody-here')).toBeNull();
  });
});

describe('readiness', () => {
  function fakeClock(): Clock {
    let t = 0;
    return {
      now: () => t,
      sleep: async (ms) => {
        t += ms;
      },
    };
  }

  it('polls until healthy', async () => {
    let calls = 0;
    const r = await waitUntilReady(
      async () => ({ health: ++calls >= 3 ? 'healthy' : 'starting', detail: `call ${calls}`, latencyMs: 1 }),
      { timeoutMs: 10_000, clock: fakeClock() },
    );
    expect(r).toMatchObject({ ready: true, detail: 'call 3' });
  });

  it('gives up at the timeout with the last result', async () => {
    const r = await waitUntilReady(async () => ({ health: 'unhealthy', detail: 'refused', latencyMs: null }), {
      timeoutMs: 1000,
      clock: fakeClock(),
    });
    expect(r).toMatchObject({ ready: false, detail: 'refused' });
  });

  it('stops when aborted', async () => {
    let calls = 0;
    const r = await waitUntilReady(
      async () => {
        calls++;
        return { health: 'starting', detail: '', latencyMs: null };
      },
      { timeoutMs: 10_000, clock: fakeClock(), isAborted: () => calls >= 2 },
    );
    expect(r.ready).toBe(false);
    expect(calls).toBe(2);
  });
});
