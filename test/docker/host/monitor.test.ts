// The monitor with Hermes: a service killed inside shows up in the monitor and in Hermes' view
// within seconds; the monitor survives the engine going away and coming back (through a proxy
// socket, see support/engine-proxy.ts) and catches up on what happened meanwhile.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { join } from 'node:path';
import { CiMonitor } from '../../../plugin/monitor/monitor';
import { createHostDeps } from '../../../plugin/host';
import { createHermesListener, type HermesListener } from '../../../plugin/monitor/hermes-listener';
import { ergonFamily } from '../../../plugin/ergon/family';
import { ciFamily } from '../../../plugin/ci/family';
import { HermesTestServer } from '../../support/hermes-server';
import { EngineProxy } from './support/engine-proxy';
import { runSub } from './support/run-command';
import { hostFixture, cleanup, docker } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const NAME = `hmo-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('monitor: events, Hermes, engine restart', () => {
  let f: ReturnType<typeof hostFixture>;
  let env: Record<string, string | undefined>;
  let hermes: HermesTestServer;
  let proxy: EngineProxy;
  let monitor: CiMonitor;
  let listener: HermesListener;
  const lines: string[] = [];

  beforeAll(async () => {
    f = hostFixture();
    hermes = new HermesTestServer();
    await hermes.start();
    proxy = new EngineProxy(join(f.stateDir, 'docker.sock'));
    await proxy.up();
    env = {
      ...f.env,
      DOCKER_HOST: `unix://${proxy.path}`,
      HERMES_HOST: '127.0.0.1',
      HERMES_PORT: hermes.url.split(':').pop(),
    };
    expect((await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env })).status).toBe(0);
    listener = createHermesListener(env, (l) => lines.push(l));
    monitor = new CiMonitor({
      deps: createHostDeps(env, () => undefined),
      notify: (l) => lines.push(l),
      intervalMs: 60_000,
      listeners: [listener],
      maxReconnectDelayMs: 1000,
    });
    await monitor.start();
  });
  afterAll(async () => {
    await monitor.stop();
    await listener.close();
    await proxy.down();
    await hermes.stop();
    cleanup(f.stateDir, [NAME]);
  });

  it('registers the CI with Hermes and heartbeats it', async () => {
    await eventually(() => hermes.components.get(CI)?.last_status, { timeoutMs: 20_000, what: 'Hermes heartbeat' });
    expect(hermes.components.get(CI)!.type).toBe('container_ci');
  });

  it('a service killed inside shows up in the monitor and in Hermes within seconds', async () => {
    const worker = JSON.parse((await runSub(ciFamily, 'list', { args: [], env, json: true })).stdout)
      .cis.find((c: { ci_name: string }) => c.ci_name === CI)
      .services.find((s: { name: string }) => s.name === 'worker');
    expect(worker.pid).toBeGreaterThan(1);
    const before = lines.length;
    docker('exec', NAME, 'sh', '-c', `kill -9 ${worker.pid}`);
    await eventually(() => lines.slice(before).some((l) => l.includes(CI) && l.includes('worker')), {
      timeoutMs: 10_000,
      what: 'monitor line about worker',
    });
    await eventually(
      () => {
        const services = (hermes.components.get(CI)?.last_status?.services ?? []) as {
          name: string;
          restarts: number;
        }[];
        return services.find((s) => s.name === 'worker' && s.restarts >= 1);
      },
      { timeoutMs: 10_000, what: 'Hermes sees the worker restart' },
    );
  });

  it('survives the engine going away and catches up when it returns', async () => {
    const connects = monitor.engineConnects;
    await proxy.down();
    await eventually(() => lines.some((l) => l.includes('lost the Docker engine')), {
      timeoutMs: 10_000,
      what: 'monitor notices the lost engine',
    });
    // While the "daemon" is away, the container stops (done on the real socket).
    docker('stop', '-t', '2', NAME);
    await proxy.up();
    await eventually(() => monitor.engineConnects > connects, { timeoutMs: 20_000, what: 'monitor reconnects' });
    expect(lines.some((l) => l.includes('reconnected'))).toBe(true);
    await eventually(async () => (await createHostDeps(env, () => undefined).registry.find(CI))?.state === 'exited', {
      timeoutMs: 10_000,
      what: 'registry caught up: exited',
    });
    await eventually(() => monitor.history.latest(CI)?.health === 'unreachable', {
      timeoutMs: 10_000,
      what: 'monitor history shows it unreachable',
    });
    // And it keeps following events after the reconnect.
    docker('start', NAME);
    await eventually(() => lines.some((l) => l.includes(CI) && l.includes('container started')), {
      timeoutMs: 15_000,
      what: 'start seen after reconnect',
    });
  });
});
