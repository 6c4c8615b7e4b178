import { describe, it, expect } from 'vitest';
import type { ServiceStatus } from '../../../protocol';
import { decideCiGate, type GateWitness } from '../../../plugin/release/ci-gate';

const svc = (over: Partial<ServiceStatus> = {}): ServiceStatus => ({
  name: 'web',
  kind: 'web',
  label: 'FastAPI',
  state: 'running',
  health: 'healthy',
  pid: 1,
  ports: [8000],
  memory_bytes: null,
  cpu_percent: null,
  restarts: 0,
  uptime_s: 900,
  ...over,
});
const w = (services: ServiceStatus[], over: Partial<GateWitness> = {}): GateWitness => ({
  ci_name: 'shop-dev-container-ci',
  reachable: true,
  error: null,
  services,
  anomalies: [],
  ...over,
});
const decide = (witnesses: GateWitness[], ranSeconds = 600) =>
  decideCiGate({
    stage: 'dev',
    soakSeconds: 300,
    runningSince: new Date(0),
    now: new Date(ranSeconds * 1000),
    witnesses,
  });

describe('decideCiGate', () => {
  it('opens when every CI answers healthy for the whole soak window', () => {
    expect(decide([w([svc(), svc({ name: 'redis', kind: 'redis' })])])).toEqual({ open: true, reasons: [] });
  });

  it('names the CI, the service and why it stays closed', () => {
    const v = decide([
      w([
        svc({ name: 'worker', state: 'fatal', health: 'unhealthy' }),
        svc({ name: 'web', restarts: 2, uptime_s: 40 }),
      ]),
      w([], { ci_name: 'shop-dev-2-container-ci', reachable: false, error: 'no answer within 5000 ms' }),
      w([svc()], {
        ci_name: 'shop-dev-3-container-ci',
        anomalies: ['Redis memory 3.1× its 24-hour median since 14:02'],
      }),
    ]);
    expect(v.open).toBe(false);
    expect(v.reasons).toEqual([
      'shop-dev-container-ci: service worker is fatal',
      'shop-dev-container-ci: service web restarted 40 s ago, inside the soak window',
      'shop-dev-2-container-ci does not answer (no answer within 5000 ms)',
      'shop-dev-3-container-ci: Redis memory 3.1× its 24-hour median since 14:02',
    ]);
  });

  it('stays closed until the version has soaked, and when no CI runs at all', () => {
    expect(decide([w([svc()])], 120).reasons).toEqual([
      'the version has run in dev for 120 s of its 300 s soak window',
    ]);
    expect(decide([]).reasons).toEqual(['no container CI of dev is running']);
  });
});
