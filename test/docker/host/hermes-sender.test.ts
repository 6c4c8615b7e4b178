// Issue 13 item 7, "Hermes always knows": with no monitor running, the host sender that any aish
// command starts on demand registers every running container CI with Hermes and keeps beating;
// one sender however many shells; it outlives the shell that started it; no duplicate component
// after Hermes, the sender or the container restart; it unregisters removed CIs and idles out.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ergonFamily } from '../../../plugin/ergon/family';
import { senderPaths } from '../../../plugin/monitor/hermes-sender';
import { readSender } from '../../../plugin/monitor/sender-lock';
import { HermesTestServer } from '../../support/hermes-server';
import { cleanup, docker, hostFixture } from './support/host-fixture';
import { eventually } from '../../support/eventually';
import { runSub } from './support/run-command';

const AISH = resolve(__dirname, '../../../dist/aish.js');
const NAME = `hsend-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('the host Hermes sender', () => {
  let f: ReturnType<typeof hostFixture>;
  let hermes: HermesTestServer;
  let env: Record<string, string | undefined>;
  const shell = (...args: string[]) =>
    execFileSync(process.execPath, [AISH, ...args], {
      env: env as NodeJS.ProcessEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const sender = () => readSender(senderPaths(env).pidFile);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  /** Sender processes for this state dir (their environment names it). */
  const senders = () =>
    execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('__hermes-sender'))
      .filter((l) => {
        try {
          return readFileSync(`/proc/${Number(l.trim().split(/\s+/)[0])}/environ`, 'utf8').includes(
            `TEKTON_STATE_DIR=${f.stateDir}\0`,
          );
        } catch {
          return false;
        }
      }).length;
  const registered = () => [...hermes.components.values()].filter((c) => c.component_id === CI);

  beforeAll(async () => {
    f = hostFixture();
    hermes = new HermesTestServer();
    await hermes.start();
    env = {
      ...f.env,
      HERMES_HOST: '127.0.0.1',
      HERMES_PORT: hermes.url.split(':').pop(),
      AISH_MONITOR: 'off',
      AISH_HERMES_SENDER: 'on',
      TEKTON_SENDER_BEAT_MS: '1000',
      TEKTON_SENDER_PROBE_MS: '1000',
      TEKTON_SENDER_IDLE_MS: '3000',
    };
    const run = await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env });
    expect(run.status, run.stderr).toBe(0);
  });
  afterAll(async () => {
    const s = sender();
    if (s && alive(s.pid)) process.kill(s.pid, 'SIGTERM');
    cleanup(f.stateDir, [NAME]);
    await hermes.stop();
  });

  it('a one-shot aish starts it; it outlives that shell, registers the CI and beats', async () => {
    shell('ergon', 'ps');
    const s = await eventually(() => sender(), { timeoutMs: 5000, what: "the sender's pid file" });
    expect(alive(s.pid)).toBe(true);
    await eventually(() => registered().length === 1, { timeoutMs: 15_000, what: 'registration' });
    const beats = () => hermes.log.filter((l) => l.path === '/api/heartbeat' && l.status === 200).length;
    const before = beats();
    await eventually(() => beats() >= before + 2, { timeoutMs: 10_000, what: 'two more heartbeats' });
    expect(registered()[0]!.last_status).toMatchObject({ container: NAME, container_state: 'running' });
  });

  it('one sender however many shells', async () => {
    const first = sender()!.pid;
    await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<void>((r) => {
            shell('ergon', 'ps');
            r();
          }),
      ),
    );
    await Promise.all(
      [1, 2, 3].map(() =>
        import('node:child_process').then(
          ({ execFile }) =>
            new Promise((r) => execFile(process.execPath, [AISH, 'ci', 'list'], { env: env as NodeJS.ProcessEnv }, r)),
        ),
      ),
    );
    expect(sender()!.pid).toBe(first);
    expect(senders()).toBe(1);
  });

  it('Hermes restarts (losing its registry): registered again, once', async () => {
    await hermes.restart();
    expect(registered()).toHaveLength(0);
    await eventually(() => registered().length === 1, { timeoutMs: 15_000, what: 're-registration' });
  });

  it('the sender restarts: a new one on the next aish command, still one component', async () => {
    const old = sender()!.pid;
    process.kill(old, 'SIGTERM');
    await eventually(() => !alive(old), { timeoutMs: 10_000, what: 'the old sender to stop' });
    expect(registered()).toHaveLength(1);
    shell('ci', 'list');
    const next = await eventually(
      () => {
        const s = sender();
        return s && s.pid !== old && alive(s.pid) ? s : null;
      },
      { timeoutMs: 5000, what: 'a new sender' },
    );
    expect(next.pid).not.toBe(old);
    await new Promise((r) => setTimeout(r, 2500));
    expect(registered()).toHaveLength(1);
    expect(hermes.components.size).toBeGreaterThanOrEqual(1);
  });

  it('the container restarts: still one component, beating', async () => {
    docker('restart', '-t', '1', NAME);
    await new Promise((r) => setTimeout(r, 3000));
    expect(registered()).toHaveLength(1);
    const at = registered()[0]!.last_heartbeat!;
    await eventually(() => registered()[0]!.last_heartbeat! > at, {
      timeoutMs: 10_000,
      what: 'a heartbeat after the restart',
    });
  });

  it('removal unregisters; with no container CI left the sender leaves by itself', async () => {
    const pid = sender()!.pid;
    const rm = await runSub(ergonFamily, 'rm', { args: [NAME], options: { yes: true, force: true }, env });
    expect(rm.status, rm.stderr).toBe(0);
    await eventually(() => registered().length === 0, { timeoutMs: 15_000, what: 'unregistration' });
    // The engine is shared: another project's container CI still running keeps the sender (rightly).
    const others = docker('ps', '-q', '--filter', 'label=tekton.ci.name').split('\n').filter(Boolean).length;
    if (others === 0) {
      await eventually(() => !alive(pid), { timeoutMs: 20_000, what: 'the idle sender to leave' });
      expect(sender()).toBeNull();
    } else {
      await new Promise((r) => setTimeout(r, 5000));
      expect(alive(pid)).toBe(true);
    }
  });

  it('without Tekton (no TEKTON_ROOT, no Hermes address) or turned off, no sender starts', async () => {
    const { ensureHermesSender } = await import('../../../plugin/monitor/hermes-sender');
    expect(await ensureHermesSender({ TEKTON_STATE_DIR: f.stateDir, PATH: process.env.PATH })).toBe('off');
    expect(await ensureHermesSender({ ...env, AISH_HERMES_SENDER: 'off' })).toBe('off');
    const s = sender();
    if (!s || !alive(s.pid)) expect(await ensureHermesSender(env, ['/bin/false'])).toMatch(/^(idle|started)$/);
  });
});
