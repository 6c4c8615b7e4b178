// A multi-container app from compose.yaml as a Swarm stack: every service's CI registered, the
// app's shared token and TEKTON_CI_PEERS set, and "ask db if it's healthy" sent to the web
// container's CI comes back with the db CI's answer.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ergonFamily } from '../../../plugin/ergon/family';
import { ciFamily } from '../../../plugin/ci/family';
import { runSub } from './support/run-command';
import { hostFixture, cleanup, docker, swarmGuard } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const APP = `hsp${process.pid}`;

describe('multi-container app: stack deploy and CI to CI', () => {
  let f: ReturnType<typeof hostFixture>;
  let swarm: ReturnType<typeof swarmGuard>;
  let dir: string;
  beforeAll(() => {
    f = hostFixture();
    swarm = swarmGuard();
    dir = join(f.stateDir, 'project', APP);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'compose.yaml'),
      [
        'services:',
        `  ${APP}:`,
        `    image: ${f.image}`,
        `    container_name: ${APP}`,
        '    ports: ["127.0.0.1:8000:8000"]',
        '    labels: { tekton.test: "1" }',
        `  ${APP}-db:`,
        `    image: ${f.image}`,
        '    labels: { tekton.test: "1" }',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    try {
      execFileSync('docker', ['stack', 'rm', APP], { stdio: 'ignore' });
    } catch {
      /* gone */
    }
    await swarm.leaveIfWeJoined(APP);
    cleanup(f.stateDir, []);
  });

  it('runs every service with its CI, one shared token, peers and TCP set', async () => {
    const r = await runSub(ergonFamily, 'run', { args: [dir], env: f.env, json: true });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/ports not published/);
    const cis = await eventually(
      async () => {
        const list = JSON.parse(
          (await runSub(ciFamily, 'list', { args: [], env: f.env, json: true })).stdout,
        ).cis.filter((c: { app: string }) => c.app === APP);
        return list.length === 2 && list.every((c: { health: string }) => c.health !== 'unreachable') ? list : null;
      },
      { timeoutMs: 60_000, what: 'both CIs reachable' },
    );
    expect(cis.map((c: { ci_name: string }) => c.ci_name).sort()).toEqual([
      `${APP}-container-ci`,
      `${APP}-db-container-ci`,
    ]);
    const tokens = ['1', '1'].map((slot, i) =>
      // Slot dirs are named after the Swarm service, `<app>_<service>.<slot>` (claim-names.ts, B04).
      readFileSync(join(f.stateDir, 'containers', 'run', `${APP}_${i ? `${APP}-db` : APP}.${slot}`, 'token'), 'utf8'),
    );
    expect(tokens[0]).toBe(tokens[1]);
    const envs = docker('service', 'inspect', '-f', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}', `${APP}_${APP}`);
    expect(envs).toContain(`TEKTON_CI_PEERS=db=${APP}-db:7070`);
    expect(envs).toContain('TEKTON_CI_TCP_PORT=7070');
  });

  it('"ask db if it\'s healthy" to the web CI answers with the db CI\'s answer', async () => {
    const r = await eventually(
      async () => {
        const a = await runSub(ciFamily, 'ask', {
          args: [`${APP}-container-ci`, "ask db if it's healthy"],
          options: { yes: true },
          env: f.env,
          json: true,
        });
        // Right after the deploy the db's own services may still be starting, and it says so: ask again.
        return a.status === 0 && !/starting/.test(JSON.parse(a.stdout).content) ? a : null;
      },
      { timeoutMs: 30_000, what: 'peer answer' },
    );
    const reply = JSON.parse(r.stdout);
    expect(reply.intent).toBe('ask-peer');
    expect(reply.content).toMatch(/db/i);
    expect(reply.content).toMatch(/healthy|running/i);
  });
});
