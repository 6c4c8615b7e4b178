// End to end on the local Node and Go bases: a plain Node HTTP server (no npm dependencies) and a
// Go server (no modules), each built with the CI baked in, answering on its port, CI answering status.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { lintDockerfile } from '../../../plugin/docker/dockerfile/lint-dockerfile';
import { makeTestStateDir } from '../../support/state-dir';
import { askCiSocket, httpGet, removeImages, runImage, type RunningImage } from './support/run-built-image';
import { eventually } from '../../support/eventually';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-docker-apps-'));
const state = makeTestStateDir();
const images: string[] = [];
const running: RunningImage[] = [];

afterAll(async () => {
  for (const r of running) await r.stop();
  await removeImages(docker, images);
  state.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

const cases = [
  { corpus: 'node-http', port: 3000, expectBody: /hello-node/, language: 'node' },
  { corpus: 'go-http', port: 8081, expectBody: /hello-go/, language: 'go' },
];

describe.each(cases)('$corpus in its image', ({ corpus, port, expectBody, language }) => {
  it('builds, serves on its port, and its CI answers status', async () => {
    const project = join(parent, `tekton-test-${corpus}-${process.pid}`);
    cpSync(resolve(__dirname, '../../../examples/corpus', corpus), project, { recursive: true });
    const { plan, images: built } = await buildProject({
      target: project,
      env: state.env,
      docker,
      labels: { 'tekton.test': '1' },
    });
    const image = built[0]!;
    images.push(...image.tags);
    expect(plan.summary).toMatchObject({ language, port });
    expect(lintDockerfile(plan.apps[0]!.buildDockerfile)).toEqual([]);
    const r = await runImage(docker, image.image, [port]);
    running.push(r);
    const body = await eventually(() => httpGet(`http://127.0.0.1:${r.ports[port]}/`), {
      timeoutMs: 60_000,
      what: `${corpus} answering on ${port}`,
    });
    expect(body).toMatch(expectBody);
    const status = await eventually(
      async () => {
        const reply = await askCiSocket(r.runDir, { type: 'status' });
        const web = (reply.services as Array<{ name: string; health: string }>).find((s) => s.name === 'web');
        return web?.health === 'healthy' ? reply : undefined;
      },
      { timeoutMs: 60_000, what: 'the CI reporting the web service healthy' },
    );
    expect(status.type).toBe('status_response');
    expect(String(status.summary)).toMatch(/Running 1 service/);
  });
});
