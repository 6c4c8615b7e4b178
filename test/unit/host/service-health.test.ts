import { describe, it, expect } from 'vitest';
import { healthOfServices } from '../../../plugin/monitor/ci-probe';
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

describe("a container's health from its services", () => {
  it('overall health: worst wins, partial failure is degraded', () => {
    expect(healthOfServices([svc({}), svc({ name: 'w' })])).toBe('healthy');
    expect(healthOfServices([svc({}), svc({ name: 'w', state: 'fatal', health: 'unhealthy' })])).toBe('degraded');
    expect(healthOfServices([svc({ health: 'unhealthy' })])).toBe('unhealthy');
    expect(healthOfServices([svc({ health: 'starting', state: 'starting' })])).toBe('starting');
  });
});
