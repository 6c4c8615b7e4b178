// The registry follows the engine: a container started with plain `docker run` from an image with
// the CI appears (reachable through docker exec, no bind mount), a `docker rm` makes it disappear.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { CiMonitor } from '../../../plugin/monitor/monitor';
import { createHostDeps } from '../../../plugin/host';
import { ciFamily, containerCiRoute } from '../../../plugin/ci/family';
import { runSub, runRoute } from './support/run-command';
import { hostFixture, cleanup, docker } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const NAME = `hrf-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('registry follows docker run / docker rm done outside the plugin', () => {
  let f: ReturnType<typeof hostFixture>;
  let monitor: CiMonitor;
  const lines: string[] = [];
  beforeAll(async () => {
    f = hostFixture();
    monitor = new CiMonitor({ deps: createHostDeps(f.env, () => undefined), notify: (l) => lines.push(l), intervalMs: 60_000 });
    await monitor.start();
  });
  afterAll(async () => { await monitor.stop(); cleanup(f.stateDir, [NAME]); });

  it('a plain docker run appears with an exec endpoint and answers through it', async () => {
    docker('run', '-d', '--name', NAME, '--label', 'tekton.test=1', f.image);
    const deps = createHostDeps(f.env, () => undefined);
    const entry = await eventually(() => deps.registry.find(CI), { timeoutMs: 15_000, what: `${CI} in the registry` });
    expect(entry.endpoint.kind).toBe('exec');
    expect(entry.source).toBe('engine');
    await eventually(() => lines.some((l) => l.includes(CI) && l.includes('started')), { timeoutMs: 15_000, what: 'monitor notified the start' });
    const answer = await eventually(async () => {
      const r = await runRoute(containerCiRoute, CI, { args: ['status'], env: f.env });
      return r.status === 0 ? r : null;
    }, { timeoutMs: 30_000, what: 'status over docker exec' });
    expect(answer.stdout).toMatch(/web/);
    const list = JSON.parse((await runSub(ciFamily, 'list', { args: [], env: f.env, json: true })).stdout);
    const ci = list.cis.find((c: { ci_name: string }) => c.ci_name === CI);
    expect(ci.endpoint.kind).toBe('exec');
    expect(ci.memory_bytes).toBeGreaterThan(0);
  });

  it('docker rm -f makes it disappear from the registry', async () => {
    docker('rm', '-f', NAME);
    const deps = createHostDeps(f.env, () => undefined);
    await eventually(async () => (await deps.registry.find(CI)) === null, { timeoutMs: 15_000, what: `${CI} removed from the registry` });
    expect(lines.some((l) => l.includes(CI) && l.includes('removed'))).toBe(true);
    expect(monitor.watched().map((e) => e.ci_name)).not.toContain(CI);
  });
});
