// Boundary 1, identity (docs/security.md): a Compose app's names and run dirs are claimed through the
// registry of claims before anything is written (red team B04). A cloned project's compose file names
// its service so that its container would be another CI's (`<dir>` = `pcv`, service `pcv-<pid>`, the
// victim's container name): the run is refused naming the holder, the runner is never called, the
// victim's token is untouched and its CI still answers the host. The engine here has no Compose v2
// and runs no Swarm of ours, so the runner is a stand-in that records its calls. Control: writing the
// app's tokens as the Compose path did before (run dir keyed by the service, no claim) rewrites the
// victim's host token.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerCiRoute } from '../../../plugin/ci/family';
import { ergonFamily } from '../../../plugin/ergon/family';
import { runApp } from '../../../plugin/ergon/stack-run';
import { writeCiToken } from '../../../plugin/files/ci-token';
import { createHostDeps } from '../../../plugin/host';
import { runDirFor } from '../../../plugin/tekton/state-paths';
import { eventually } from '../../support/eventually';
import { cleanup, docker, hostFixture } from '../host/support/host-fixture';
import { runRoute, runSub } from '../host/support/run-command';

const VICTIM = `pcv-${process.pid}`;
const CI = `${VICTIM}-container-ci`;

describe("a Compose service cannot take another CI's names or run dir", () => {
  let f: ReturnType<typeof hostFixture>;
  let project = '';
  const hostToken = () => readFileSync(join(f.stateDir, 'containers', 'tokens', VICTIM), 'utf8');

  beforeAll(async () => {
    f = hostFixture();
    const r = await runSub(ergonFamily, 'run', { args: [f.image], options: { name: VICTIM }, env: f.env });
    expect(r.status, r.stderr).toBe(0);
    await eventually(
      async () => (await runRoute(containerCiRoute, CI, { args: ['status'], env: f.env })).status === 0,
      {
        what: `${CI} answers`,
        timeoutMs: 60_000,
      },
    );
    project = join(mkdtempSync(join(tmpdir(), 'pcc-')), 'pcv');
    mkdirSync(project);
    writeFileSync(join(project, 'compose.yaml'), `services:\n  ${VICTIM}:\n    image: ${f.image}\n`);
  });
  afterAll(() => {
    cleanup(f.stateDir, [VICTIM]);
    rmSync(join(project, '..'), { recursive: true, force: true });
  });

  it('refuses the run, naming the holder; nothing is written and the victim still answers', async () => {
    const before = hostToken();
    const calls: string[][] = [];
    const deps = createHostDeps(f.env, () => undefined);
    await expect(
      runApp(join(project, 'compose.yaml'), 'pcv', deps, {
        warn: () => undefined,
        compose: async (args) => {
          calls.push(args);
          return '';
        },
      }),
    ).rejects.toThrow(`The container name '${VICTIM}' is held by container '${VICTIM}': refused; nothing was written`);
    expect(calls).toEqual([]);
    expect(hostToken()).toBe(before);
    expect((await runRoute(containerCiRoute, CI, { args: ['status'], env: f.env })).status).toBe(0);
    expect(docker('ps', '-a', '-q', '--filter', 'label=tekton.app=pcv')).toBe('');
    // Nothing of the app was written either.
    expect(() => readFileSync(join(f.stateDir, 'containers', 'apps', 'pcv', 'compose.yaml'))).toThrow();
  });

  it('refuses a clone named like an app that runs from another file; the app itself may run again', async () => {
    const app = `pca${process.pid}`;
    const clone = join(project, '..', app);
    mkdirSync(clone);
    writeFileSync(join(clone, 'compose.yaml'), `services:\n  web:\n    image: ${f.image}\n`);
    const deps = createHostDeps(f.env, () => undefined);
    const calls: string[][] = [];
    const opts = {
      warn: () => undefined,
      compose: async (args: string[]) => {
        calls.push(args);
        return '';
      },
    };
    // Control: with no container of that app on the engine, the same run goes through to the runner.
    await runApp(join(clone, 'compose.yaml'), app, deps, opts);
    expect(calls).toHaveLength(1);
    // The user's app of that name, run from elsewhere (its containers carry the app's label).
    docker(
      'run',
      '-d',
      '--name',
      `${app}-web`,
      '--label',
      `tekton.app=${app}`,
      '--label',
      'tekton.test=1',
      '--entrypoint',
      '/opt/tekton-ci/node',
      f.image,
      '-e',
      'setInterval(() => {}, 1000)',
    );
    try {
      const other = join(project, '..', 'elsewhere', app);
      mkdirSync(other, { recursive: true });
      writeFileSync(join(other, 'compose.yaml'), `services:\n  web:\n    image: ${f.image}\n`);
      await expect(runApp(join(other, 'compose.yaml'), app, deps, opts)).rejects.toThrow(
        `App '${app}' already runs (${app}-web) from ${clone}/compose.yaml; ${other}/compose.yaml may not take it over`,
      );
      expect(calls).toHaveLength(1);
      await runApp(join(clone, 'compose.yaml'), app, deps, opts);
      expect(calls).toHaveLength(2);
    } finally {
      docker('rm', '-f', `${app}-web`);
    }
  });

  it("control: the tokens written as before (run dir keyed by the service, no claim) replace the victim's", () => {
    const before = hostToken();
    writeCiToken(runDirFor(f.stateDir, VICTIM), { token: 'the-projects-own-token' });
    expect(hostToken()).not.toBe(before);
    expect(hostToken().trim()).toBe('the-projects-own-token');
  });
});
