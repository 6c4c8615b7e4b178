import { describe, it, expect } from 'vitest';
import { statusRowOf } from '../../../plugin/status/status-rows';
import { formatStatusTable, statusJson } from '../../../plugin/status/status-format';
import { mergeStatus } from '../../../plugin/status/tekton-merge';
import { entry, probe } from './fixtures/ci-entry';

describe('tekton status rows', () => {
  it('maps probes to Tekton statuses', () => {
    expect(statusRowOf({ entry, probe: probe() }, true)).toEqual({
      name: 'web-container-ci',
      port: 32768,
      status: 'healthy',
      version: 'abcdef123456',
      ci_status: 'active',
      response_time: 0.004,
      memory_mb: 50,
      cpu_percent: 2.3,
      registered_with_hermes: true,
    });
    expect(
      statusRowOf({ entry: { ...entry, state: 'exited' }, probe: probe({ reachable: false }) }, false).status,
    ).toBe('not_running');
    expect(
      statusRowOf({ entry, probe: probe({ reachable: false, error: 'x did not answer within 2000 ms' }) }, false)
        .status,
    ).toBe('timeout');
    expect(statusRowOf({ entry, probe: probe({ health: 'degraded' }) }, false)).toMatchObject({
      status: 'unhealthy',
      ci_status: 'degraded',
    });
  });
  it('prints Tekton columns and the JSON shape; merges with Tekton, ours replacing same names', () => {
    const row = statusRowOf({ entry, probe: probe() }, false);
    const table = formatStatusTable([row]);
    expect(table.split('\n')[0]).toMatch(/^Component\s+Port\s+Status\s+Version\s+CI Status\s+Response\s+Reg$/);
    expect(table).toContain('✅ healthy');
    const merged = mergeStatus(
      {
        system: { total_components: 9, uptime: 5 },
        components: [
          { name: 'hermes', status: 'healthy' },
          { name: 'web-container-ci', status: 'error' },
        ],
      },
      [row],
    );
    const doc = statusJson(merged.components, new Date(0), merged.system);
    expect(doc.system).toMatchObject({ total_components: 2, healthy_components: 2, container_cis: 1, uptime: 5 });
    expect(doc.components.map((c) => c.name)).toEqual(['hermes', 'web-container-ci']);
  });
});
