// A version moving through its lifecycle on this engine: dev (automatic) → test (ci-approved, a
// short soak) → prod (manual). Each promotion deploys the digest that ran in the stage before, is
// gated by its rule, and leaves a checkpoint; rollback returns to the checkpoint before.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ergonFamily } from '../../../plugin/ergon/family';
import { containerCiRoute } from '../../../plugin/ci/family';
import { runSub, runRoute } from '../host/support/run-command';
import { hostFixture, cleanup, docker } from '../host/support/host-fixture';
import { eventually } from '../../support/eventually';
import { deleteFromRegistry, pushRelease, TEST_REGISTRY } from './support/release-images';

const APP = `relpro-${process.pid}`;
const SOAK = 4;
const LIFECYCLE = {
  stages: [
    { name: 'dev', site: { kind: 'engine' }, rule: 'automatic' },
    { name: 'test', site: { kind: 'engine' }, rule: 'ci-approved', soak_seconds: SOAK },
    { name: 'prod', site: { kind: 'engine' }, rule: 'manual' },
  ],
};

const imageOf = (name: string) => docker('inspect', '-f', '{{.Image}}', name);
const repoDigestOf = (imageId: string) => docker('image', 'inspect', '-f', '{{join .RepoDigests ","}}', imageId);

describe('ergon promote / stages / rollback on this engine', () => {
  let f: ReturnType<typeof hostFixture>;
  const digests: string[] = [];
  const push = async (variant: string) => {
    const digest = await pushRelease({ app: APP, variant, lifecycle: LIFECYCLE, env: f.env });
    digests.push(digest);
    return digest;
  };
  const promote = (to: string, options: Record<string, string | boolean> = {}) =>
    runSub(ergonFamily, 'promote', {
      args: [APP],
      options: { to, ...options },
      env: { ...f.env, TEKTON_NAME: 'release-tester' },
      json: true,
    });
  const checkpoints = () =>
    JSON.parse(readFileSync(join(f.stateDir, 'containers', 'releases.json'), 'utf8')).checkpoints as {
      stage: string;
      digest: string;
      approved_by: string;
      action: string;
    }[];

  beforeAll(() => {
    f = hostFixture();
  });
  afterAll(async () => {
    cleanup(
      f.stateDir,
      ['dev', 'test', 'prod'].flatMap((s) => [`${APP}-${s}`, `${APP}-${s}-previous`]),
    );
    await deleteFromRegistry(TEST_REGISTRY, APP, digests);
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

  it('moves one digest dev → test → prod under each stage rule, with checkpoints', async () => {
    const v1 = await push('v1');
    const dev = await promote('dev');
    expect(dev.status, dev.stderr + dev.stdout).toBe(0);
    expect(repoDigestOf(imageOf(`${APP}-dev`))).toContain(v1);

    // ci-approved: refused until the version has soaked in dev; the refusal changes nothing.
    const early = await promote('test');
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(
      new RegExp(
        `gate of test is closed[\\s\\S]*has run in dev for \\d+ s of its ${SOAK} s soak window[\\s\\S]*Nothing was changed`,
      ),
    );
    expect(() => docker('inspect', `${APP}-test`)).toThrow();

    await new Promise((r) => setTimeout(r, SOAK * 1000 + 500));
    const test = await promote('test');
    expect(test.status, test.stderr + test.stdout).toBe(0);
    expect(repoDigestOf(imageOf(`${APP}-test`))).toContain(v1);

    // manual: without a person's yes (no terminal, no --yes) it is refused; --yes records who approved.
    const unattended = await promote('prod');
    expect(unattended.status).toBe(1);
    expect(unattended.stderr).toMatch(/prod is manual: a person approves it/);
    const prod = await promote('prod', { yes: true });
    expect(prod.status, prod.stderr + prod.stdout).toBe(0);

    const cps = checkpoints();
    expect(cps.map((c) => [c.stage, c.digest, c.action])).toEqual([
      ['dev', v1, 'promote'],
      ['test', v1, 'promote'],
      ['prod', v1, 'promote'],
    ]);
    expect(cps.map((c) => c.approved_by)).toEqual(['automatic', 'ci-gate (dev)', 'release-tester']);

    const stages = await runSub(ergonFamily, 'stages', { args: [APP], env: f.env, json: true });
    expect(stages.status, stages.stderr).toBe(0);
    const rows = JSON.parse(stages.stdout).stages as {
      stage: string;
      version: string;
      health: string;
      next_gate: string;
    }[];
    expect(rows.map((r) => r.version?.slice(0, 12))).toEqual([v1, v1, v1].map((d) => d.slice(7, 19)));
    expect(rows.every((r) => r.health === '1 CI healthy')).toBe(true);
    expect(rows[2]!.next_gate).toBe('(last stage)');
  });

  it('refuses a ci-approved promotion while a CI of the stage before reports a sick service, naming both', async () => {
    const v2 = await push('v2');
    expect((await promote('dev')).status).toBe(0);
    expect(repoDigestOf(imageOf(`${APP}-dev`))).toContain(v2);
    await new Promise((r) => setTimeout(r, SOAK * 1000 + 500));
    const stop = await runRoute(containerCiRoute, `${APP}-dev-container-ci`, {
      args: ['stop web'],
      options: { yes: true },
      env: f.env,
    });
    expect(stop.status, stop.stderr).toBe(0);
    await eventually(
      async () =>
        (await runRoute(containerCiRoute, `${APP}-dev-container-ci`, { args: ['status'], env: f.env })).stdout.includes(
          'stopped',
        ),
      { timeoutMs: 15_000, what: 'web stopped' },
    );
    const refused = await promote('test');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${APP}-dev-container-ci: service web is stopped`);
    // test still runs v1.
    expect(repoDigestOf(imageOf(`${APP}-test`))).toContain(digests[0]);
  });

  it('rolls a stage back to the checkpoint before, and says when there is none', async () => {
    const back = await runSub(ergonFamily, 'rollback', {
      args: [APP],
      options: { stage: 'dev', yes: true },
      env: f.env,
      json: true,
    });
    expect(back.status, back.stderr + back.stdout).toBe(0);
    expect(repoDigestOf(imageOf(`${APP}-dev`))).toContain(digests[0]);
    expect(checkpoints().at(-1)).toMatchObject({ stage: 'dev', digest: digests[0], action: 'rollback' });
    const none = await runSub(ergonFamily, 'rollback', {
      args: [APP],
      options: { stage: 'dev', yes: true },
      env: f.env,
    });
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/has no earlier checkpoint than .*nothing to roll back to; nothing was changed/);
  });
});
