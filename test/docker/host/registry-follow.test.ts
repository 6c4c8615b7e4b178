// The registry follows the engine: a container started with plain `docker run` from an image with
// the CI appears (reachable through docker exec, no bind mount), a `docker rm` makes it disappear.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { CiMonitor } from '../../../plugin/monitor/monitor';
import { createHostDeps } from '../../../plugin/host';
import { ciFamily, containerCiRoute } from '../../../plugin/ci/family';
import { runSub, runRoute } from './support/run-command';
import { hostFixture, cleanup, docker } from './support/host-fixture';
import { eventually } from '../../support/eventually';
import { createPlugin } from '../../../plugin/index';
import { completeLine } from '../../../plugin/cli/complete';

const NAME = `hrf-${process.pid}`;
const CI = `${NAME}-container-ci`;
const NAME2 = `hrf2-${process.pid}`;
const CI2 = `${NAME2}-container-ci`;

describe('registry follows docker run / docker rm done outside the plugin', () => {
  let f: ReturnType<typeof hostFixture>;
  let monitor: CiMonitor;
  const lines: string[] = [];
  beforeAll(async () => {
    f = hostFixture();
    monitor = new CiMonitor({
      deps: createHostDeps(f.env, () => undefined),
      notify: (l) => lines.push(l),
      intervalMs: 60_000,
    });
    await monitor.start();
  });
  afterAll(async () => {
    await monitor.stop();
    cleanup(f.stateDir, [NAME, NAME2]);
  });

  it('a plain docker run appears with an exec endpoint and answers through it', async () => {
    docker('run', '-d', '--name', NAME, '--label', 'tekton.test=1', f.image);
    const deps = createHostDeps(f.env, () => undefined);
    const entry = await eventually(() => deps.registry.find(CI), { timeoutMs: 15_000, what: `${CI} in the registry` });
    expect(entry.endpoint.kind).toBe('exec');
    expect(entry.source).toBe('engine');
    await eventually(() => lines.some((l) => l.includes(CI) && l.includes('started')), {
      timeoutMs: 15_000,
      what: 'monitor notified the start',
    });
    const answer = await eventually(
      async () => {
        const r = await runRoute(containerCiRoute, CI, { args: ['status'], env: f.env });
        return r.status === 0 ? r : null;
      },
      { timeoutMs: 30_000, what: 'status over docker exec' },
    );
    expect(answer.stdout).toMatch(/web/);
    // Tab after its name asks the CI (through docker exec here) for its catalogue: its recipes come back.
    // Completion waits only CATALOGUE_TIMEOUT_MS and falls back to the fixed list on a slow engine, so
    // ask again until one answer came in time (each Tab of a new shell asks afresh).
    const words = await eventually(
      async () => {
        const [w] = await completeLine(createPlugin({ env: f.env }), `${CI} disk-`);
        return w.includes('disk-usage') ? w : null;
      },
      { timeoutMs: 30_000, what: "the CI's own recipes in the completion" },
    );
    expect(words).toContain('disk-usage');
    const list = JSON.parse((await runSub(ciFamily, 'list', { args: [], env: f.env, json: true })).stdout);
    const ci = list.cis.find((c: { ci_name: string }) => c.ci_name === CI);
    expect(ci.endpoint.kind).toBe('exec');
    expect(ci.memory_bytes).toBeGreaterThan(0);
  });

  it('docker rm -f makes it disappear from the registry', async () => {
    docker('rm', '-f', NAME);
    const deps = createHostDeps(f.env, () => undefined);
    await eventually(async () => (await deps.registry.find(CI)) === null, {
      timeoutMs: 15_000,
      what: `${CI} removed from the registry`,
    });
    expect(lines.some((l) => l.includes(CI) && l.includes('removed'))).toBe(true);
    expect(monitor.watched().map((e) => e.ci_name)).not.toContain(CI);
  });

  // `ergon rm` deletes the registry entry itself; the destroy event then finds nothing to delete.
  it('a CI whose registry entry was deleted before its destroy event is dropped by the monitor', async () => {
    docker('run', '-d', '--name', NAME2, '--label', 'tekton.test=1', f.image);
    const deps = createHostDeps(f.env, () => undefined);
    await eventually(() => monitor.watched().some((e) => e.ci_name === CI2), {
      timeoutMs: 15_000,
      what: `${CI2} watched`,
    });
    const id = (await deps.registry.find(CI2))!.container_id;
    await deps.registry.update((file) => {
      for (const [k, e] of Object.entries(file.entries)) if (e.container_id === id) delete file.entries[k];
    });
    docker('rm', '-f', NAME2);
    await eventually(() => !monitor.watched().some((e) => e.ci_name === CI2), {
      timeoutMs: 15_000,
      what: `${CI2} dropped by the monitor`,
    });
    expect(lines.some((l) => l.includes(CI2) && l.includes('removed'))).toBe(true);
  });

  it('a CI deleted from the registry while its container lives on is no longer probed', async () => {
    docker('run', '-d', '--name', NAME2, '--label', 'tekton.test=1', f.image);
    const deps = createHostDeps(f.env, () => undefined);
    await eventually(() => monitor.watched().some((e) => e.ci_name === CI2), {
      timeoutMs: 15_000,
      what: `${CI2} watched`,
    });
    await deps.registry.update((file) => {
      delete file.entries[CI2];
    });
    await monitor.probeAll();
    expect(monitor.watched().map((e) => e.ci_name)).not.toContain(CI2);
    docker('rm', '-f', NAME2);
  });
});
