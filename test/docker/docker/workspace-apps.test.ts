// An npm workspace for real: two apps, each its own image built from the workspace root (the
// lockfile and the shared package live there), each running in its own folder; the shared package
// is a library, not an image. No registry is needed: the lockfile only links workspace packages.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { makeTestStateDir } from '../../support/state-dir';
import { eventually } from '../../support/eventually';
import { askCiSocket, httpGet, removeImages, runImage, type RunningImage } from './support/run-built-image';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-docker-workspace-'));
const state = makeTestStateDir();
const images: string[] = [];
const running: RunningImage[] = [];

afterAll(async () => {
  for (const r of running) await r.stop();
  await removeImages(docker, images);
  state.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('npm workspace', () => {
  it('builds one image per app from the root; the api serves with the shared package, the worker runs', async () => {
    const project = join(parent, `tekton-test-workspace-${process.pid}`);
    cpSync(resolve(__dirname, '../../../examples/corpus/node-npm-workspace'), project, { recursive: true });
    const { plan, images: built } = await buildProject({
      target: project,
      env: state.env,
      docker,
      labels: { 'tekton.test': '1' },
    });
    images.push(...built.flatMap((b) => b.tags));
    expect(plan.apps.map((a) => [a.app.dir, a.contextDir])).toEqual([
      ['apps/api', ''],
      ['apps/worker', ''],
    ]);
    expect(built).toHaveLength(2);

    const api = await runImage(docker, built[0]!.image, [3100]);
    running.push(api);
    const body = await eventually(() => httpGet(`http://127.0.0.1:${api.ports[3100]}/`), {
      timeoutMs: 60_000,
      what: 'the api answering on 3100',
    });
    expect(body).toBe('hello from workspace-api\n');
    const status = await eventually(
      async () => {
        const reply = await askCiSocket(api.runDir, { type: 'status' });
        const web = (reply.services as Array<{ name: string; health: string }>).find((s) => s.name === 'api-web');
        return web?.health === 'healthy' ? reply : undefined;
      },
      { timeoutMs: 60_000, what: 'the api CI reporting its web service healthy' },
    );
    expect(status.type).toBe('status_response');

    const worker = await runImage(docker, built[1]!.image, []);
    running.push(worker);
    const logs = await eventually(
      async () => {
        const text = (await docker.getContainer(worker.id).logs({ stdout: true, stderr: true })).toString('utf8');
        return /hello from workspace-worker/.test(text) ? text : undefined;
      },
      { timeoutMs: 60_000, what: 'the worker printing its greeting' },
    );
    expect(logs).toMatch(/hello from workspace-worker/);
  });
});
