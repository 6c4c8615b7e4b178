// A "remote" engine: DOCKER_HOST=tcp://127.0.0.1:<port> (a loopback proxy to this engine). Host
// bind mounts would name paths on the engine's machine, so ergon run mounts nothing; the CI keeps
// its socket and token inside the container and is reached through docker exec.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { ergonFamily } from '../../../plugin/ergon/family';
import { ciFamily, containerCiRoute } from '../../../plugin/ci/family';
import { EngineProxy } from './support/engine-proxy';
import { runSub, runRoute } from './support/run-command';
import { hostFixture, cleanup, docker } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const NAME = `hre-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('remote engine over DOCKER_HOST=tcp://', () => {
  let f: ReturnType<typeof hostFixture>;
  let proxy: EngineProxy;
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    f = hostFixture();
    proxy = new EngineProxy('');
    await proxy.up();
    env = { ...f.env, DOCKER_HOST: `tcp://127.0.0.1:${proxy.port}` };
  });
  afterAll(async () => {
    await proxy.down();
    cleanup(f.stateDir, [NAME]);
  });

  it('runs without a host bind mount and talks to the CI through docker exec', async () => {
    const r = await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(docker('inspect', NAME))[0].HostConfig.Binds ?? []).toEqual([]);
    const ci = await eventually(
      async () => {
        const list = JSON.parse((await runSub(ciFamily, 'list', { args: [], env, json: true })).stdout).cis;
        const c = list.find((x: { ci_name: string }) => x.ci_name === CI);
        return c?.health === 'healthy' ? c : null;
      },
      { timeoutMs: 30_000, what: 'CI healthy over exec' },
    );
    expect(ci.endpoint.kind).toBe('exec');
    const answer = await runRoute(containerCiRoute, CI, { args: ['status'], env });
    expect(answer.status, answer.stderr).toBe(0);
    expect(answer.stdout).toMatch(/Running 2 services/);
  });
});
