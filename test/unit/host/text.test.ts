import { describe, it, expect } from 'vitest';
import { statusRowOf } from '../../../plugin/status/status-rows';
import { formatStatusTable, statusJson } from '../../../plugin/status/status-format';
import { mergeStatus } from '../../../plugin/status/tekton-merge';
import { sparkline } from '../../../plugin/render/sparkline';
import { HealthHistory, describeChange } from '../../../plugin/monitor/health-history';
import { renderTop } from '../../../plugin/render/top-view';
import { firstFileOfTar } from '../../../plugin/ergon/commands/export';
import { searchUnits } from '../../../plugin/ergon/build-registry';
import type { CiEntry } from '../../../plugin/registry/registry-types';
import type { CiProbe } from '../../../plugin/monitor/ci-probe';

const entry: CiEntry = { ci_name: 'web-container-ci', container: 'web', container_id: 'c', image: 'web:1', project: 'web', app: null, manifest_hash: 'abcdef1234567890', endpoint: { kind: 'exec', container_id: 'c' }, token_file: null, state: 'running', ports: ['127.0.0.1:32768->8000/tcp'], source: 'ergon', updated_at: '' };
const probe = (over: Partial<CiProbe> = {}): CiProbe => ({ ci_name: 'web-container-ci', reachable: true, health: 'healthy', summary: 'ok', memory_bytes: 50 * 1048576, cpu_percent: 2.34, services: [], response_ms: 4, error: null, at: '', ...over });

describe('tekton status rows', () => {
  it('maps probes to Tekton statuses', () => {
    expect(statusRowOf({ entry, probe: probe() }, true)).toEqual({ name: 'web-container-ci', port: 32768, status: 'healthy', version: 'abcdef123456', ci_status: 'active', response_time: 0.004, memory_mb: 50, cpu_percent: 2.3, registered_with_hermes: true });
    expect(statusRowOf({ entry: { ...entry, state: 'exited' }, probe: probe({ reachable: false }) }, false).status).toBe('not_running');
    expect(statusRowOf({ entry, probe: probe({ reachable: false, error: 'x did not answer within 2000 ms' }) }, false).status).toBe('timeout');
    expect(statusRowOf({ entry, probe: probe({ health: 'degraded' }) }, false)).toMatchObject({ status: 'unhealthy', ci_status: 'degraded' });
  });
  it('prints Tekton columns and the JSON shape; merges with Tekton, ours replacing same names', () => {
    const row = statusRowOf({ entry, probe: probe() }, false);
    const table = formatStatusTable([row]);
    expect(table.split('\n')[0]).toMatch(/^Component\s+Port\s+Status\s+Version\s+CI Status\s+Response\s+Reg$/);
    expect(table).toContain('✅ healthy');
    const merged = mergeStatus({ system: { total_components: 9, uptime: 5 }, components: [{ name: 'hermes', status: 'healthy' }, { name: 'web-container-ci', status: 'error' }] }, [row]);
    const doc = statusJson(merged.components, new Date(0), merged.system);
    expect(doc.system).toMatchObject({ total_components: 2, healthy_components: 2, container_cis: 1, uptime: 5 });
    expect(doc.components.map((c) => c.name)).toEqual(['hermes', 'web-container-ci']);
  });
});

// The k8s export's tests live in test/unit/security/k8s-export.test.ts.

describe('monitor text', () => {
  it('sparklines scale to the series', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, null, 5])).toBe('▁▁ ▁');
  });
  it('history reports health changes, not repeats', () => {
    const h = new HealthHistory(3);
    expect(describeChange(h.add(probe()), probe())).toBeNull();
    const prev = h.add(probe({ health: 'degraded' }));
    expect(describeChange(prev, probe({ health: 'degraded' }))).toBe('web-container-ci: healthy → degraded');
    for (let i = 0; i < 5; i++) h.add(probe());
    expect(h.of('web-container-ci')).toHaveLength(3);
    expect(renderTop(h, new Date(0))).toMatch(/web-container-ci\s+healthy\s+50M/);
  });
});

describe('small parsers', () => {
  it('extracts the file from a docker archive tar', () => {
    const header = Buffer.alloc(512);
    header.write('manifest.json', 0);
    header.write('00000000005\0', 124);
    header.write('0', 156);
    const body = Buffer.alloc(512);
    body.write('hello');
    expect(firstFileOfTar(Buffer.concat([header, body, Buffer.alloc(1024)]))?.toString()).toBe('hello');
  });
  it('searches Ergon units by name, tag and type', () => {
    const units = [{ type: 'container', name: 'myapp', version: '1.0.0', tags: ['fastapi'] }, { type: 'solution', name: 'shop', version: '0.1.0' }];
    expect(searchUnits(units, 'fast', null).map((u) => u.name)).toEqual(['myapp']);
    expect(searchUnits(units, null, 'solution').map((u) => u.name)).toEqual(['shop']);
  });
});

describe('builds.json as the docker engineer writes it', () => {
  it('reads {version, builds:[...]} and tolerates a corrupt file with a problem message', async () => {
    const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { localUnits } = await import('../../../plugin/ergon/build-registry');
    const root = mkdtempSync(join(tmpdir(), 'builds-'));
    const state = (name: string, text?: string) => {
      const dir = join(root, name);
      mkdirSync(join(dir, 'containers'), { recursive: true });
      if (text !== undefined) writeFileSync(join(dir, 'containers', 'builds.json'), text);
      return dir;
    };
    const good = state('good', JSON.stringify({ version: 1, builds: [{ type: 'container', name: 'myapp', version: '1.0.0', source: { project_id: null, location: '/p' }, content: { image: 'myapp:abc' }, tags: ['python'] }] }));
    expect(localUnits(good).units.map((u) => [u.name, u.origin])).toEqual([['myapp', 'local']]);
    expect(localUnits(state('bad', '{')).problem).toMatch(/not valid JSON.*left as is/);
    expect(localUnits(state('none'))).toEqual({ units: [], problem: null });
  });
});
