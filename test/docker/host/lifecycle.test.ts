// ergon run → ci list → <name>-container-ci → stop/start/restart → logs → rm, against the real engine.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { existsSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ergonFamily } from '../../../plugin/ergon/family';
import { ciFamily, containerCiRoute } from '../../../plugin/ci/family';
import { runSub, runRoute } from './support/run-command';
import { hostFixture, cleanup, docker } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const NAME = `hlc-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('container lifecycle through ergon and ci', () => {
  let f: ReturnType<typeof hostFixture>;
  beforeAll(() => {
    f = hostFixture();
  });
  afterAll(() => cleanup(f.stateDir, [NAME]));

  it("runs an image with its CI: the host's token 0600 outside the run dir, the container's 0400, socket bind mount, ports on 127.0.0.1, labels", async () => {
    const r = await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env: f.env });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const runDir = join(f.stateDir, 'containers', 'run', NAME);
    expect(statSync(join(runDir, 'token')).mode & 0o777).toBe(0o400);
    const hostCopy = join(f.stateDir, 'containers', 'tokens', NAME);
    expect(statSync(hostCopy).mode & 0o777).toBe(0o600);
    expect(readFileSync(hostCopy, 'utf8')).toBe(readFileSync(join(runDir, 'token'), 'utf8'));
    const info = JSON.parse(docker('inspect', NAME))[0];
    expect(info.HostConfig.Binds).toContain(`${runDir}:/run/tekton-ci`);
    expect(info.HostConfig.PortBindings['8000/tcp'][0].HostIp).toBe('127.0.0.1');
    expect(info.Config.Labels['tekton.ci.name']).toBeDefined();
    expect(info.Config.Labels['tekton.container']).toBe(NAME);
    expect(info.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    // The socket the CI made is in the host dir: the CI read the token the host wrote.
    expect(existsSync(join(runDir, 'ci.sock'))).toBe(true);
    expect(readFileSync(join(runDir, 'token'), 'utf8').trim()).toMatch(/^[0-9a-f]{48}$/);
  });

  it('ci list shows the CI healthy with memory and its socket endpoint', async () => {
    const list = await eventually(
      async () => {
        const r = await runSub(ciFamily, 'list', { args: [], env: f.env, json: true });
        const ci = JSON.parse(r.stdout).cis.find((c: { ci_name: string }) => c.ci_name === CI);
        return ci?.health === 'healthy' ? ci : null;
      },
      { timeoutMs: 30_000, what: `${CI} healthy` },
    );
    expect(list.endpoint).toEqual({ kind: 'socket', path: join(f.stateDir, 'containers', 'run', NAME, 'ci.sock') });
    expect(list.memory_bytes).toBeGreaterThan(1_000_000);
    expect(list.services.map((s: { name: string }) => s.name).sort()).toEqual(['web', 'worker']);
  });

  it('answers "status" through the route, one-shot and from piped stdin', async () => {
    const r = await runRoute(containerCiRoute, CI, { args: ['status'], env: f.env });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/web/);
    const piped = await runRoute(containerCiRoute, CI, { args: [], env: f.env, stdin: 'status\n' });
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(r.stdout);
  });

  it('a control action without a TTY is refused, with --yes it is done', async () => {
    const refused = await runRoute(containerCiRoute, CI, { args: ['restart', 'worker'], env: f.env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^Error: .*re-run with --yes.*nothing was done/m);
    const worker = async () =>
      JSON.parse((await runSub(ciFamily, 'list', { args: [], env: f.env, json: true })).stdout)
        .cis.find((c: { ci_name: string }) => c.ci_name === CI)
        .services.find((s: { name: string }) => s.name === 'worker');
    const before = await worker();
    const yes = await runSub(ciFamily, 'ask', { args: [CI, 'restart worker'], options: { yes: true }, env: f.env });
    expect(yes.stderr).toBe('');
    expect(yes.status).toBe(0);
    expect(yes.stdout.toLowerCase()).toMatch(/restart/);
    await eventually(
      async () => {
        const w = await worker();
        return w.pid !== before.pid && w.pid !== null;
      },
      { timeoutMs: 20_000, what: 'worker restarted with a new pid' },
    );
  });

  it('stop asks first: refused without a TTY, done with --yes; then start and restart', async () => {
    const refused = await runSub(ergonFamily, 'stop', { args: [NAME], env: f.env });
    expect(refused.status).toBe(1);
    expect(docker('inspect', '-f', '{{.State.Running}}', NAME)).toBe('true');
    expect(
      (await runSub(ergonFamily, 'stop', { args: [NAME], options: { yes: true, time: '5' }, env: f.env })).stdout,
    ).toMatch(/^Stopped/);
    expect((await runSub(ergonFamily, 'stop', { args: [NAME], options: { yes: true }, env: f.env })).stdout).toMatch(
      /already stopped/,
    );
    expect(docker('inspect', '-f', '{{.State.Running}}', NAME)).toBe('false');
    const unreachable = await runRoute(containerCiRoute, CI, { args: ['status'], env: f.env });
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toMatch(/did not answer.*container .* is exited/);
    expect((await runSub(ergonFamily, 'start', { args: [NAME], env: f.env })).stdout).toMatch(/^Started/);
    expect((await runSub(ergonFamily, 'start', { args: [NAME], env: f.env })).stdout).toMatch(/already running/);
    expect((await runSub(ergonFamily, 'restart', { args: [NAME], options: { yes: true }, env: f.env })).status).toBe(0);
    await eventually(
      async () => (await runRoute(containerCiRoute, CI, { args: ['status'], env: f.env })).status === 0,
      { timeoutMs: 30_000, what: 'CI back after restart' },
    );
  });

  it('logs shows the CI output; ps lists it; rm removes container, registry entry and run dir', async () => {
    const logs = await runSub(ergonFamily, 'logs', { args: [NAME], options: { tail: '50' }, env: f.env });
    expect(logs.status).toBe(0);
    expect(logs.stdout.length).toBeGreaterThan(0);
    const ps = await runSub(ergonFamily, 'ps', { args: [], env: f.env });
    expect(ps.stdout).toMatch(new RegExp(`${NAME}\\s+tekton-test/host-ci`));
    expect((await runSub(ergonFamily, 'rm', { args: [NAME], options: { yes: true }, env: f.env })).status).toBe(0);
    expect(() => docker('inspect', NAME)).toThrow();
    const list = JSON.parse((await runSub(ciFamily, 'list', { args: [], env: f.env, json: true })).stdout);
    expect(list.cis.find((c: { ci_name: string }) => c.ci_name === CI)).toBeUndefined();
    expect(existsSync(join(f.stateDir, 'containers', 'run', NAME))).toBe(false);
    expect(existsSync(join(f.stateDir, 'containers', 'tokens', NAME))).toBe(false);
  });
});
