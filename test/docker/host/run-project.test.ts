// `ergon run <project dir>`: builds through the docker engineer's buildProject, then runs the image
// with its CI; the built images are removed at the end.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ergonFamily } from '../../../plugin/ergon/family';
import { containerCiRoute } from '../../../plugin/ci/family';
import { runSub, runRoute } from './support/run-command';
import { hostFixture, cleanup, docker } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const PROJECT = `hostproj-${process.pid}`;

describe('ergon run of a project directory', () => {
  let f: ReturnType<typeof hostFixture>;
  let dir: string;
  beforeAll(() => {
    f = hostFixture();
    dir = join(f.stateDir, PROJECT);
    cpSync(resolve(__dirname, '../../../examples/corpus/node-http'), dir, { recursive: true });
    // Nothing can be pulled here: point the public Node bases at the local one.
    mkdirSync(join(f.stateDir, 'containers'), { recursive: true });
    const map = Object.fromEntries(
      ['node:18', 'node:18-slim', 'node:20', 'node:20-slim', 'node:22', 'node:22-slim', 'node:lts-slim'].map((n) => [
        n,
        'tekton-local/node:18',
      ]),
    );
    writeFileSync(
      join(f.stateDir, 'containers', 'base-images.json'),
      JSON.stringify({
        ...map,
        'debian:bookworm-slim': 'tekton-local/debian-slim:bookworm',
        'debian:bookworm': 'tekton-local/debian:bookworm',
      }),
    );
  });
  afterAll(() => {
    cleanup(f.stateDir, [PROJECT]);
    const images = docker('images', '-q', '--filter', `reference=${PROJECT}`).split('\n').filter(Boolean);
    if (images.length) docker('rmi', '-f', ...new Set(images));
  });

  it('builds the project, runs the image and its CI answers', async () => {
    const r = await runSub(ergonFamily, 'run', { args: [dir], env: f.env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Started ${PROJECT} \\(\\w+\\) from ${PROJECT}:[0-9a-f]{12}`));
    expect(docker('inspect', '-f', '{{index .Config.Labels "tekton.manifest.hash"}}', PROJECT)).toMatch(
      /^[0-9a-f]{64}$/,
    );
    const answer = await eventually(
      async () => {
        const a = await runRoute(containerCiRoute, `${PROJECT}-container-ci`, { args: ['status'], env: f.env });
        return a.status === 0 ? a : null;
      },
      { timeoutMs: 30_000, what: 'CI answers' },
    );
    expect(answer.stdout).toMatch(/^Running 1 service: \S.* \((healthy|starting)\)$/m);
  });

  it('ergon registry finds the build in builds.json (Ergon schema)', async () => {
    const r = await runSub(ergonFamily, 'registry', {
      args: [PROJECT],
      env: { ...f.env, ERGON_PORT: '1' },
      json: true,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ergon_reachable).toBe(false);
    const unit = out.units.find((u: { name: string }) => u.name === PROJECT);
    expect(unit).toMatchObject({ type: 'container', origin: 'local' });
    expect(unit.content.image).toMatch(new RegExp(`^${PROJECT}:[0-9a-f]{12}$`));
  });
});
