// A multi-container app is deployed bottom-up (the datastore's service exists and runs before the web
// service is created) and removed top-down (web first), as its compose file's depends_on says.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ergonFamily } from '../../../plugin/ergon/family';
import { runSub } from '../host/support/run-command';
import { hostFixture, cleanup, docker, swarmGuard } from '../host/support/host-fixture';

const APP = `hso${process.pid}`;

describe('multi-container app order', () => {
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
        '    labels: { tekton.test: "1" }',
        `    depends_on: { ${APP}-db: { condition: service_healthy } }`,
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

  it('creates the datastore first and removes the web first', async () => {
    const run = await runSub(ergonFamily, 'run', { args: [dir], env: f.env, json: true });
    expect(run.status, run.stderr).toBe(0);
    const created = (svc: string) =>
      Date.parse(
        docker('service', 'inspect', '-f', '{{.CreatedAt}}', `${APP}_${svc}`)
          .replace(/ \+0000 UTC$/, 'Z')
          .replace(' ', 'T'),
      );
    const dbTaskStarted = Date.parse(
      docker(
        'inspect',
        '-f',
        '{{.State.StartedAt}}',
        docker('ps', '-q', '--filter', `label=com.docker.swarm.service.name=${APP}_${APP}-db`).split('\n')[0]!,
      ),
    );
    expect(created(`${APP}-db`)).toBeLessThan(created(APP));
    expect(dbTaskStarted).toBeLessThanOrEqual(created(APP) + 1000);

    const since = Math.floor(Date.now() / 1000) - 1;
    const rm = await runSub(ergonFamily, 'rm', { args: [APP], options: { app: true, yes: true }, env: f.env });
    expect(rm.status, rm.stderr).toBe(0);
    const removed = docker(
      'events',
      '--since',
      String(since),
      '--until',
      String(Math.ceil(Date.now() / 1000) + 1),
      '--filter',
      'type=service',
      '--filter',
      'event=remove',
      '--format',
      '{{.Actor.Attributes.name}}',
    )
      .split('\n')
      .filter((n) => n.startsWith(`${APP}_`));
    expect(removed).toEqual([`${APP}_${APP}`, `${APP}_${APP}-db`]);
  });
});
