// ergon deploy: a Swarm service with 2 replicas, each replica's CI registered with its own socket
// (bind source templated on {{.Task.Slot}}) and answering.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { ergonFamily } from '../../../plugin/ergon/family';
import { ciFamily, containerCiRoute } from '../../../plugin/ci/family';
import { runSub, runRoute } from './support/run-command';
import { hostFixture, cleanup, docker, swarmGuard } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const SERVICE = `hsw-${process.pid}`;

describe('Swarm deploy with 2 replicas', () => {
  let f: ReturnType<typeof hostFixture>;
  let swarm: ReturnType<typeof swarmGuard>;
  beforeAll(() => {
    f = hostFixture();
    swarm = swarmGuard();
  });
  afterAll(async () => {
    try {
      docker('service', 'rm', SERVICE);
    } catch {
      /* already removed by the test */
    }
    await swarm.leaveIfWeJoined();
    cleanup(f.stateDir, []);
  });

  it('registers 2 CIs that each answer over their own socket', async () => {
    const r = await runSub(ergonFamily, 'deploy', {
      args: [f.image],
      options: { replicas: '2', name: SERVICE },
      env: f.env,
      json: true,
    });
    expect(r.stderr.replace(/Initialised a single-node Docker Swarm.*\n/, '')).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.running).toBe(2);
    expect(docker('service', 'inspect', '-f', '{{index .Spec.Labels "tekton.app"}}', SERVICE)).toBe(SERVICE);
    const cis = await eventually(
      async () => {
        const list = JSON.parse(
          (await runSub(ciFamily, 'list', { args: [], env: f.env, json: true })).stdout,
        ).cis.filter((c: { app: string }) => c.app === SERVICE);
        return list.length === 2 && list.every((c: { health: string }) => c.health !== 'unreachable') ? list : null;
      },
      { timeoutMs: 60_000, what: 'two replica CIs reachable' },
    );
    const names = cis.map((c: { ci_name: string }) => c.ci_name).sort();
    expect(names).toEqual([`${SERVICE}-1-container-ci`, `${SERVICE}-2-container-ci`]);
    const paths = cis.map((c: { endpoint: { kind: string; path: string } }) => c.endpoint);
    expect(paths.every((p: { kind: string }) => p.kind === 'socket')).toBe(true);
    expect(new Set(paths.map((p: { path: string }) => p.path)).size).toBe(2);
    for (const name of names) {
      const answer = await runRoute(containerCiRoute, name, { args: ['status'], env: f.env });
      expect(answer.status, answer.stderr).toBe(0);
    }
    // ergon commands take a replica's CI name too.
    const inspect = await runSub(ergonFamily, 'inspect', { args: [names[1]!], env: f.env });
    expect(inspect.status, inspect.stderr).toBe(0);
    expect(JSON.parse(inspect.stdout).ci.ci_name).toBe(names[1]);
  });

  it('deploy --remove removes the service and its CIs leave the registry', async () => {
    expect(
      (await runSub(ergonFamily, 'deploy', { args: [SERVICE], options: { remove: true }, env: f.env })).status,
    ).toBe(0);
    await eventually(
      async () => {
        const list = JSON.parse((await runSub(ciFamily, 'list', { args: [], env: f.env, json: true })).stdout).cis;
        return list.filter((c: { app: string }) => c.app === SERVICE).length === 0;
      },
      { timeoutMs: 60_000, what: 'replica CIs gone' },
    );
  });
});
