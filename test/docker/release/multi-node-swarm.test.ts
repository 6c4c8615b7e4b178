// A real multi-node Swarm: three engines on a private bridge, one app with 3 replicas pulled from a
// registry on that bridge. Each replica's CI answers on its own node; when a node stops, the Swarm
// moves its task, the moved task's CI answers on the node it landed on, and `ergon stages` says where
// each runs and names the node that does not answer.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { dockerFamily } from '../../../plugin/docker/family';
import { ergonFamily } from '../../../plugin/ergon/family';
import { ciFamily } from '../../../plugin/ci/family';
import { tektonFamily } from '../../../plugin/status/family';
import { runSub } from '../host/support/run-command';
import { hostFixture, cleanup, docker } from '../host/support/host-fixture';
import { eventually } from '../../support/eventually';
import { buildReleaseImage } from './support/release-images';
import { startSwarmCluster, type SwarmCluster } from './support/swarm-cluster';

const APP = `relmn-${process.pid}`;

describe('three-node Swarm', () => {
  let f: ReturnType<typeof hostFixture>;
  let cluster: SwarmCluster;
  beforeAll(async () => {
    f = hostFixture();
    cluster = await startSwarmCluster(`tsw${process.pid}`, 3);
  }, 300_000);
  afterAll(() => {
    cluster?.remove();
    cleanup(f.stateDir, []);
    for (const ref of docker('images', '--format', '{{.Repository}}:{{.Tag}}')
      .split('\n')
      .filter((r) => r.includes(APP))) {
      try {
        docker('rmi', '-f', ref);
      } catch {
        /* in use */
      }
    }
  });

  it('spreads 3 replicas over the nodes, and converges on the others when a node stops', async () => {
    const [manager, , lost] = cluster.nodes;
    const lifecycle = {
      stages: [
        {
          name: 'prod',
          rule: 'automatic',
          replicas: 3,
          site: {
            kind: 'swarm',
            docker_host: manager!.host,
            pull_registry: cluster.registryAlias,
            node_hosts: cluster.nodes.map((n) => n.host),
          },
          rolling: { monitor_seconds: 5, health_interval_seconds: 2 },
        },
      ],
    };
    const image = buildReleaseImage({ app: APP, variant: 'v1', healthy: true, lifecycle });
    const pushed = await runSub(dockerFamily, 'push', {
      args: [image],
      options: { registry: cluster.registry },
      env: f.env,
      json: true,
    });
    expect(pushed.status, pushed.stderr).toBe(0);

    const promoted = await runSub(ergonFamily, 'promote', {
      args: [APP],
      options: { to: 'prod' },
      env: f.env,
      json: true,
    });
    expect(promoted.status, promoted.stderr + promoted.stdout).toBe(0);
    const stagesNow = async () =>
      JSON.parse((await runSub(ergonFamily, 'stages', { args: [APP], env: f.env, json: true })).stdout).stages[0];
    const before = await eventually(
      async () => {
        const s = await stagesNow();
        return s.cis.length === 3 && s.cis.every((c: { health: string }) => c.health === 'healthy') ? s : null;
      },
      { timeoutMs: 90_000, what: 'three healthy CIs' },
    );
    expect(new Set(before.cis.map((c: { node: string }) => c.node))).toEqual(new Set(cluster.nodes.map((n) => n.name)));

    docker('stop', lost!.name);
    const started = Date.now();
    const after = await eventually(
      async () => {
        const s = await stagesNow();
        const healthy = s.cis.filter(
          (c: { health: string; node: string }) => c.health === 'healthy' && c.node !== lost!.name,
        );
        return healthy.length === 3 ? s : null;
      },
      { timeoutMs: 180_000, what: 'three healthy CIs on the two remaining nodes' },
    );
    const convergedS = (Date.now() - started) / 1000;
    expect(after.unreachable.join(' ')).toContain(lost!.host);
    expect(after.cis.every((c: { node: string }) => c.node !== lost!.name)).toBe(true);
    // ci list shows the replicas' CIs where they run now, and names the node that does not answer.
    const list = await runSub(ciFamily, 'list', { args: [], env: f.env, json: true });
    const mine = JSON.parse(list.stdout).cis.filter((c: { app: string }) => c.app === `${APP}-prod`);
    expect(mine.map((c: { ci_name: string }) => c.ci_name).sort()).toEqual(
      [1, 2, 3].map((slot) => `${APP}-prod-${slot}-container-ci`),
    );
    expect(mine.every((c: { node: string; health: string }) => c.node !== lost!.name && c.health === 'healthy')).toBe(
      true,
    );
    expect(list.stderr).toContain(`engine ${lost!.host} does not answer`);
    const status = await runSub(tektonFamily, 'status', { args: [], env: f.env, json: true });
    const rows = JSON.parse(status.stdout).components.filter((c: { name: string }) =>
      c.name.startsWith(`${APP}-prod-`),
    );
    expect(rows).toHaveLength(3);
    expect(
      rows.every(
        (r: { node: string; status: string }) =>
          r.node !== lost!.name && cluster.nodes.some((n) => n.name === r.node) && r.status === 'healthy',
      ),
    ).toBe(true);
    process.stderr.write(`multi-node: converged on the other nodes in ${convergedS.toFixed(1)} s\n`);
  });
});
