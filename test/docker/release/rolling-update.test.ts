// A Swarm stage: the service is updated one task at a time, new task first; Docker's HEALTHCHECK is
// answered by the container CI, so a version whose CI turns unhealthy is rolled back by the Swarm
// itself, the promotion fails saying so, and no checkpoint is written for it.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ergonFamily } from '../../../plugin/ergon/family';
import { runSub } from '../host/support/run-command';
import { hostFixture, cleanup, docker, swarmGuard } from '../host/support/host-fixture';
import { deleteFromRegistry, pushRelease, TEST_REGISTRY } from './support/release-images';

const APP = `relroll-${process.pid}`;
const SERVICE = `${APP}-live`;
const LIFECYCLE = {
  stages: [
    {
      name: 'live',
      site: { kind: 'swarm' },
      rule: 'automatic',
      replicas: 2,
      rolling: { monitor_seconds: 6, health_interval_seconds: 2 },
    },
  ],
};

describe('rolling update of a Swarm stage, gated by the CI', () => {
  let f: ReturnType<typeof hostFixture>;
  let swarm: ReturnType<typeof swarmGuard>;
  const digests: string[] = [];
  const push = async (variant: string, healthy: boolean) => {
    const digest = await pushRelease({ app: APP, variant, healthy, lifecycle: LIFECYCLE, env: f.env });
    digests.push(digest);
    return digest;
  };
  const serviceImage = () => docker('service', 'inspect', '-f', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', SERVICE);

  beforeAll(() => {
    f = hostFixture();
    swarm = swarmGuard();
  });
  afterAll(async () => {
    try {
      docker('service', 'rm', SERVICE);
    } catch {
      /* not created */
    }
    await swarm.leaveIfWeJoined();
    cleanup(f.stateDir, []);
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

  it('deploys 2 healthy replicas, then rolls a bad version back by itself', async () => {
    const good = await push('good', true);
    const first = await runSub(ergonFamily, 'promote', {
      args: [APP],
      options: { to: 'live' },
      env: f.env,
      json: true,
    });
    expect(first.status, first.stderr + first.stdout).toBe(0);
    expect(serviceImage()).toBe(`${TEST_REGISTRY}/${APP}@${good}`);
    // Swarm reports a task running only once its HEALTHCHECK (the CI) said healthy.
    expect(docker('service', 'ls', '--filter', `name=${SERVICE}`, '--format', '{{.Replicas}}')).toBe('2/2');

    const bad = await push('bad', false);
    const started = Date.now();
    const update = await runSub(ergonFamily, 'promote', {
      args: [APP],
      options: { to: 'live' },
      env: f.env,
      json: true,
    });
    const seconds = (Date.now() - started) / 1000;
    expect(update.status, update.stdout).toBe(1);
    const out = JSON.parse(update.stdout);
    expect(out.update_state).toBe('rollback_completed');
    expect(out.detail).toMatch(/turned unhealthy; Swarm rolled back/);
    expect(out.checkpoint).toBeNull();
    expect(serviceImage()).toBe(`${TEST_REGISTRY}/${APP}@${good}`);
    expect(serviceImage()).not.toContain(bad);
    const cps = JSON.parse(readFileSync(join(f.stateDir, 'containers', 'releases.json'), 'utf8')).checkpoints as {
      digest: string;
    }[];
    expect(cps.map((c) => c.digest)).toEqual([good]);
    expect(seconds).toBeLessThan(180);
  });
});
