// `aish container create --name X --ci-managed --purpose "..."` (Tekton's Ergon's words) and the rest
// of the family, on the real engine; and one name per CI end to end: the container label, the
// registry entry, Hermes' registration and the CI's own answers all say X-container-ci.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContainerFamily } from '../../../plugin/container/family';
import { createHostDeps } from '../../../plugin/host';
import { registrationFor } from '../../../plugin/monitor/hermes-reporter';
import { transportFor } from '../../../plugin/transport/ci-connect';
import { cleanup, docker, hostFixture } from './support/host-fixture';
import { eventually } from '../../support/eventually';
import { runSub } from './support/run-command';

const NAME = `ctr-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('aish container', () => {
  let f: ReturnType<typeof hostFixture>;
  const family = makeContainerFamily(
    (env) => createHostDeps(env),
    () => '/nonexistent-cwd',
  );
  beforeAll(() => {
    f = hostFixture();
  });
  afterAll(() => cleanup(f.stateDir, [NAME]));

  it('create --name X --ci-managed --purpose "..." <image> runs it with its CI, named X-container-ci everywhere', async () => {
    const r = await runSub(family, 'create', {
      args: [f.image],
      options: { name: NAME, 'ci-managed': true, purpose: 'nightly CSV import' },
      env: f.env,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Started ${NAME} `));
    expect(r.stdout).toContain(`aish ${CI} "status"`);
    // The image was built as hostci (its label says hostci-container-ci): the container's name wins.
    expect(docker('inspect', '-f', '{{index .Config.Labels "tekton.ci.name"}}', NAME)).toBe(CI);
    expect(docker('inspect', '-f', '{{index .Config.Labels "tekton.ci.purpose"}}', NAME)).toBe('nightly CSV import');
    const deps = createHostDeps(f.env);
    const entry = (await deps.registry.find(CI))!;
    expect(entry.ci_name).toBe(CI);
    expect(registrationFor(entry, null, '0').component_id).toBe(CI);
    const pong = await eventually(
      async () => {
        const reply = await transportFor(entry, deps.containers).request({ type: 'ping' } as never, {
          timeoutMs: 3000,
        });
        return reply && (reply as { type: string }).type === 'pong' ? reply : null;
      },
      { timeoutMs: 30_000, what: 'CI answers ping' },
    );
    expect((pong as { ai_id: string }).ai_id).toBe(CI);
  });

  it('list, status and status --json show it with its purpose', async () => {
    const list = await runSub(family, 'list', { args: [], env: f.env });
    expect(list.stdout).toMatch(new RegExp(`^${NAME}\\s`, 'm'));
    const status = await runSub(family, 'status', { args: [NAME], env: f.env });
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^${NAME} \\(\\w{12}\\): running, CI ${CI} `));
    expect(status.stdout).toContain('purpose:  nightly CSV import');
    const json = JSON.parse((await runSub(family, 'status', { args: [CI], env: f.env, json: true })).stdout);
    expect(json).toMatchObject({ ci_name: CI, container: NAME, state: 'running', purpose: 'nightly CSV import' });
  });

  it('bad input: no --name, two targets, an unknown container; nothing is created', async () => {
    expect(
      (await runSub(family, 'create', { args: [f.image], options: { 'ci-managed': true }, env: f.env })).stderr,
    ).toMatch(/--name is required/);
    const two = await runSub(family, 'create', { args: [f.image, 'extra'], options: { name: 'x' }, env: f.env });
    expect(two.stderr).toMatch(/one path or image/);
    const missing = await runSub(family, 'status', { args: ['no-such-ctr'], env: f.env });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/No container named 'no-such-ctr'/);
    // The name was taken: the engine's refusal is reported and the running one is untouched.
    const again = await runSub(family, 'create', {
      args: [f.image],
      options: { name: NAME, 'ci-managed': true },
      env: f.env,
    });
    expect(again.status).not.toBe(0);
    expect(docker('inspect', '-f', '{{.State.Running}}', NAME)).toBe('true');
  });

  it('stop and rm (with --yes) end it and its registry entry', async () => {
    const stop = await runSub(family, 'stop', { args: [NAME], options: { yes: true }, env: f.env });
    expect(stop.stdout).toMatch(new RegExp(`Stopped ${NAME}`));
    const rm = await runSub(family, 'rm', { args: [NAME], options: { yes: true }, env: f.env });
    expect(rm.stdout).toMatch(new RegExp(`Removed ${NAME}`));
    expect(await createHostDeps(f.env).registry.find(CI)).toBeNull();
  });
});
