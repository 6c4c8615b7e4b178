// The UI's anomalies panel reads what the CI sends: anomalies per service on the status reply.
import { describe, expect, it } from 'vitest';
import type { Anomaly, Reply, ServiceStatus } from '../../../protocol';
import { anomaliesOfStatus } from '../../../plugin/ui/status-anomalies';

type Status = Extract<Reply, { type: 'status_response' }>;

const memory: Anomaly = {
  service: 'web',
  metric: 'memory_bytes',
  value: 310e6,
  baseline: 100e6,
  unit: 'bytes',
  ratio: 3.1,
  since: '2026-11-30T14:02:00Z',
  text: 'memory 3.1× its 24-hour median since 14:02',
  suggest: 'memory-report',
};
const queue: Anomaly = {
  ...memory,
  service: 'worker',
  metric: 'queue_length',
  text: 'queue 40× its median',
  suggest: undefined,
};

function service(name: string, anomalies?: Anomaly[]): ServiceStatus {
  return {
    name,
    kind: 'web',
    label: name,
    state: 'running',
    health: 'healthy',
    pid: 7,
    ports: [],
    memory_bytes: null,
    cpu_percent: null,
    restarts: 0,
    uptime_s: 1,
    ...(anomalies ? { anomalies } : {}),
  };
}

function status(services: ServiceStatus[]): Status {
  return {
    type: 'status_response',
    ai_id: 'web-container-ci',
    summary: '',
    services,
    container: {} as Status['container'],
  };
}

describe('anomaliesOfStatus', () => {
  it("collects every service's anomalies, in service order", () => {
    const s = status([service('web', [memory]), service('redis', []), service('worker', [queue])]);
    expect(anomaliesOfStatus(s)).toEqual([memory, queue]);
  });

  it('an empty list when the CI reports anomalies and none is flagged', () => {
    expect(anomaliesOfStatus(status([service('web', []), service('redis', [])]))).toEqual([]);
  });

  it('null for a CI that predates the learning (no anomalies field anywhere), or no status', () => {
    expect(anomaliesOfStatus(status([service('web'), service('redis')]))).toBeNull();
    expect(anomaliesOfStatus(null)).toBeNull();
  });

  it('names the service when an anomaly lacks it, and ignores entries that are not anomalies', () => {
    const bare = { ...memory, service: '' };
    const s = status([service('web', [bare, 'junk' as unknown as Anomaly])]);
    expect(anomaliesOfStatus(s)).toEqual([{ ...memory, service: 'web' }]);
  });
});
