// End to end on the local Python base: examples/myapp (FastAPI + Redis + Celery) built with the CI
// baked in, run, answering on its port, its Celery worker doing a task, its CI answering `status`.
// Then the cache: a rebuild without changes is fully cached; a source-only change reuses the
// dependency layers.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, type BuiltImage } from '../../../plugin/docker/build-project';
import { readBuilds } from '../../../plugin/docker/build/build-registry';
import { makeTestStateDir, type TestStateDir } from '../../support/state-dir';
import { askCiSocket, execText, httpGet, removeImages, runImage, type RunningImage } from './support/run-built-image';
import { eventually } from '../../support/eventually';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-docker-py-'));
const project = join(parent, `tekton-test-myapp-${process.pid}`);
const name = basename(project);
let state: TestStateDir;
let first: BuiltImage;
let running: RunningImage | null = null;
const images: string[] = [];

beforeAll(async () => {
  cpSync(resolve(__dirname, '../../../examples/myapp'), project, { recursive: true });
  state = makeTestStateDir();
  const { images: built } = await buildProject({
    target: project,
    env: state.env,
    docker,
    labels: { 'tekton.test': '1' },
  });
  first = built[0]!;
  images.push(...first.tags);
});

afterAll(async () => {
  await running?.stop();
  await removeImages(docker, images);
  state?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('examples/myapp in its image', () => {
  it('is tagged <name>:<hash12> and <name>:latest, labelled, and recorded in builds.json', async () => {
    expect(first.image).toBe(`${name}:${first.hash.slice(0, 12)}`);
    const info = await docker.getImage(`${name}:latest`).inspect();
    expect(info.Id).toBe(first.imageId);
    expect(info.Config.Labels).toMatchObject({
      'tekton.manifest.hash': first.hash,
      'tekton.project': name,
      'tekton.ci.name': `${name}-container-ci`,
      'tekton.test': '1',
    });
    expect(info.Config.Entrypoint).toEqual([
      '/opt/tekton-ci/tini',
      '--',
      '/opt/tekton-ci/clean-exec',
      '--app-env',
      '/opt/tekton-ci/node',
      '/opt/tekton-ci/ci-runtime.js',
    ]);
    const record = readBuilds(state.dir).find((b) => b.content.image === first.image)!;
    expect(record).toMatchObject({ type: 'container', name, source: { location: project } });
    expect(record.version).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
    expect(record.content.manifest.applications.web!.port).toBe(8000);
  });

  it('serves on 8000, runs a Celery task through Redis, and its CI answers status', async () => {
    running = await runImage(docker, first.image, [8000]);
    const base = `http://127.0.0.1:${running.ports[8000]}`;
    const body = await eventually(() => httpGet(`${base}/`), {
      timeoutMs: 60_000,
      what: 'myapp answering on its port',
    });
    expect(JSON.parse(body)).toMatchObject({ app: 'myapp', hits: 1 });
    const res = await fetch(`${base}/add/2/3`, { method: 'POST' });
    const { task_id } = (await res.json()) as { task_id: string };
    const done = await eventually(
      async () => {
        const r = JSON.parse((await httpGet(`${base}/tasks/${task_id}`)) ?? '{}') as {
          ready?: boolean;
          value?: number;
        };
        return r.ready ? r : undefined;
      },
      { timeoutMs: 60_000, what: 'the Celery worker finishing the task' },
    );
    expect(done.value).toBe(5);
    const status = await eventually(
      async () => {
        const reply = await askCiSocket(running!.runDir, { type: 'status', id: 7 });
        const services = reply.services as Array<{ name: string; health: string; state: string }>;
        return services.every((s) => s.state === 'running') &&
          services.find((s) => s.name === 'web')?.health === 'healthy'
          ? reply
          : undefined;
      },
      { timeoutMs: 60_000, what: 'the CI reporting every service healthy' },
    );
    expect(status.type).toBe('status_response');
    expect(status.id).toBe(7);
    expect((status.services as Array<{ name: string }>).map((s) => s.name).sort()).toEqual(['redis', 'web', 'worker']);
    expect(String(status.summary)).toMatch(/FastAPI/);
    // The services run as the app user (10001), not root.
    for (const svc of status.services as Array<{ name: string; pid: number }>) {
      const uid = await execText(docker, running.id, ['stat', '-c', '%u', `/proc/${svc.pid}`]);
      expect(`${svc.name}:${uid.trim()}`).toBe(`${svc.name}:10001`);
    }
  });

  it("Docker's HEALTHCHECK (answered by the CI) turns the container healthy", async () => {
    // The first check runs one interval (30 s) after the start.
    const health = await eventually(
      async () => {
        const info = await docker.getContainer(running!.id).inspect();
        return info.State.Health?.Status === 'healthy' ? info.State.Health : undefined;
      },
      { timeoutMs: 90_000, what: 'Docker reporting the container healthy' },
    );
    expect(health.Log?.at(-1)?.Output).toMatch(/container CI: healthy/);
  }, 120_000);

  it('a rebuild without changes is fully cached and gives the same tag and layers', async () => {
    const { images: again } = await buildProject({
      target: project,
      env: state.env,
      docker,
      labels: { 'tekton.test': '1' },
    });
    const second = again[0]!;
    expect(second.image).toBe(first.image);
    expect(second.builtSteps.filter((s) => /\b(RUN|COPY)\b/.test(s))).toEqual([]);
    expect(second.cachedSteps.some((s) => /pip install/.test(s))).toBe(true);
    const [a, b] = await Promise.all([first.image, second.image].map((i) => docker.getImage(i).inspect()));
    expect(b!.RootFS.Layers).toEqual(a!.RootFS.Layers);
  });

  it('a source-only change reuses the dependency layers', async () => {
    const before = await docker.getImage(first.image).inspect();
    appendFileSync(join(project, 'app', 'main.py'), '\n# a source-only change\n');
    const { images: changed } = await buildProject({
      target: project,
      env: state.env,
      docker,
      labels: { 'tekton.test': '1' },
    });
    const third = changed[0]!;
    images.push(...third.tags);
    expect(third.image).not.toBe(first.image);
    expect(third.cachedSteps.some((s) => /pip install -r requirements\.txt/.test(s))).toBe(true);
    expect(third.cachedSteps.some((s) => /apt-get install/.test(s))).toBe(true);
    expect(third.builtSteps.some((s) => /COPY \. \./.test(s))).toBe(true);
    const after = await docker.getImage(third.image).inspect();
    const l1 = before.RootFS.Layers ?? [];
    const l3 = after.RootFS.Layers ?? [];
    let common = 0;
    while (common < l1.length && l1[common] === l3[common]) common++;
    // Everything up to the sources layer is shared: base, apt, user, CI, requirements, pip install.
    expect(common).toBeGreaterThanOrEqual(l1.length - 2);
    expect(common).toBeLessThan(l1.length);
  });
});
