import { describe, it, expect } from 'vitest';
import { decideHeal, recordHeal, type HealLedger } from '../../../plugin/monitor/heal-policy';
import type { ServiceStatus } from '../../../protocol';

const svc = (over: Partial<ServiceStatus>): ServiceStatus => ({
  name: 'redis',
  kind: 'redis',
  label: 'Redis',
  state: 'running',
  health: 'healthy',
  pid: 1,
  ports: [],
  memory_bytes: 1,
  cpu_percent: 0,
  restarts: 0,
  uptime_s: 1,
  ...over,
});

describe('auto-heal policy', () => {
  const limits = { baseDelayMs: 1000, maxAttempts: 3, windowMs: 60_000 };
  it('restarts unhealthy services with doubling backoff and gives up at the ceiling', () => {
    const ledger: HealLedger = new Map();
    const bad = svc({ health: 'unhealthy' });
    expect(decideHeal(ledger, 'k', svc({}), 0, limits).kind).toBe('none');
    expect(decideHeal(ledger, 'k', bad, 0, limits)).toEqual({ kind: 'restart', attempt: 1 });
    recordHeal(ledger, 'k', 0, limits);
    expect(decideHeal(ledger, 'k', bad, 500, limits)).toEqual({ kind: 'wait', untilMs: 1000 });
    expect(decideHeal(ledger, 'k', bad, 1000, limits)).toEqual({ kind: 'restart', attempt: 2 });
    recordHeal(ledger, 'k', 1000, limits);
    expect(decideHeal(ledger, 'k', bad, 2500, limits).kind).toBe('wait');
    expect(decideHeal(ledger, 'k', bad, 3000, limits).kind).toBe('restart');
    recordHeal(ledger, 'k', 3000, limits);
    expect(decideHeal(ledger, 'k', bad, 100_000 - 61_000, limits)).toEqual({ kind: 'give-up', attempts: 3 });
    expect(decideHeal(ledger, 'k', bad, 70_000, limits).kind).toBe('restart');
  });
});
