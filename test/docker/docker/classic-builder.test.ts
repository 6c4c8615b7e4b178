// The classic builder (engines without BuildKit through the API): the generated Dockerfile's
// classic variant (no cache mounts) builds, runs, and a rebuild reuses the cache.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { makeTestStateDir } from '../../support/state-dir';
import { askCiSocket, removeImages, runImage, type RunningImage } from './support/run-built-image';
import { eventually } from '../../support/eventually';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-docker-classic-'));
const state = makeTestStateDir();
const env = { ...state.env, TEKTON_BUILDER: 'classic' };
const images: string[] = [];
let running: RunningImage | null = null;

afterAll(async () => {
  await running?.stop();
  await removeImages(docker, images);
  state.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('classic builder', () => {
  it('builds the Python example without cache mounts, runs it, and rebuilds from cache', async () => {
    const project = join(parent, `tekton-test-classic-${process.pid}`);
    cpSync(resolve(__dirname, '../../../examples/corpus/python-flask-dev'), project, { recursive: true });
    const first = (await buildProject({ target: project, env, docker, labels: { 'tekton.test': '1' } })).images[0]!;
    images.push(...first.tags);
    expect(first.builder).toBe('classic');
    running = await runImage(docker, first.image, [5050]);
    await eventually(
      async () => {
        const res = await fetch(`http://127.0.0.1:${running!.ports[5050]}/`, { signal: AbortSignal.timeout(3000) });
        return res.status === 404 ? true : undefined;
      },
      { timeoutMs: 60_000, what: 'the Flask dev server answering' },
    );
    const status = await askCiSocket(running.runDir, { type: 'status' });
    expect(status.type).toBe('status_response');
    const again = (await buildProject({ target: project, env, docker, labels: { 'tekton.test': '1' } })).images[0]!;
    expect(again.image).toBe(first.image);
    expect(again.cachedSteps.some((s) => /pip install --no-cache-dir -r requirements\.txt/.test(s))).toBe(true);
    expect(again.builtSteps).toEqual([]);
  });
});
