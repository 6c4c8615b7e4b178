// Auto-heal: a service the CI gave up on (FATAL) is restarted through the CI by the monitor, with
// the attempts counted against the ceiling.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { CiMonitor } from '../../../plugin/monitor/monitor';
import { createHostDeps } from '../../../plugin/host';
import { ergonFamily } from '../../../plugin/ergon/family';
import { ciFamily } from '../../../plugin/ci/family';
import { runSub } from './support/run-command';
import { hostFixture, cleanup, docker } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const NAME = `hah-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('monitor auto-heal', () => {
  let f: ReturnType<typeof hostFixture>;
  let monitor: CiMonitor | null = null;
  const lines: string[] = [];
  const worker = async () =>
    JSON.parse((await runSub(ciFamily, 'list', { args: [], env: f.env, json: true })).stdout)
      .cis.find((c: { ci_name: string }) => c.ci_name === CI)
      ?.services.find((s: { name: string }) => s.name === 'worker') as
      | { pid: number | null; state: string; health: string }
      | undefined;

  beforeAll(async () => {
    f = hostFixture();
    // One failure is enough for the CI to mark the worker FATAL.
    expect(
      (
        await runSub(ergonFamily, 'run', {
          args: [f.image],
          options: { name: NAME, env: ['TEKTON_CI_MAX_RESTARTS=1'] },
          env: f.env,
        })
      ).status,
    ).toBe(0);
  });
  afterAll(async () => {
    await monitor?.stop();
    cleanup(f.stateDir, [NAME]);
  });

  it('restarts a FATAL service through its CI and reports it', async () => {
    await eventually(async () => (await worker())?.state === 'running', { timeoutMs: 30_000, what: 'worker running' });
    // Kill the worker until the CI gives up on it.
    await eventually(
      async () => {
        const w = await worker();
        if (w?.state === 'fatal') return true;
        if (w?.state === 'running' && w.pid) {
          try {
            docker('exec', NAME, 'sh', '-c', `kill -9 ${w.pid}`);
          } catch {
            /* already gone */
          }
        }
        return false;
      },
      { timeoutMs: 60_000, what: 'worker FATAL' },
    );
    monitor = new CiMonitor({
      deps: createHostDeps(f.env, () => undefined),
      notify: (l) => lines.push(l),
      intervalMs: 1000,
      autoHeal: { baseDelayMs: 500, maxAttempts: 2, windowMs: 60_000 },
    });
    await monitor.start();
    await eventually(() => lines.some((l) => /auto-heal: restarting worker in .* \(attempt 1\/2\)/.test(l)), {
      timeoutMs: 15_000,
      what: 'auto-heal attempt',
    });
    await eventually(async () => (await worker())?.state === 'running', {
      timeoutMs: 30_000,
      what: 'worker running again',
    });
    expect(lines.some((l) => l.startsWith(`auto-heal: ${CI}:`))).toBe(true);
  });
});
