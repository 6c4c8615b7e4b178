// --split: Redis in a container of its own, started from the same image with TEKTON_CI_CONTAINER
// naming its manifest container (as compose.yaml does). The web app and the Celery worker reach it
// by name over a network; each container's CI answers for its own services.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import Docker from 'dockerode';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { makeTestStateDir } from '../../support/state-dir';
import { askCiSocket, httpGet, removeImages, runImage, type RunningImage } from './support/run-built-image';
import { eventually } from '../../support/eventually';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-docker-split-'));
const project = join(parent, `tekton-test-split-${process.pid}`);
const name = basename(project);
const state = makeTestStateDir();
const images: string[] = [];
const running: RunningImage[] = [];
let network: Docker.Network | null = null;

afterAll(async () => {
  for (const r of running) await r.stop();
  await network?.remove().catch(() => {});
  await removeImages(docker, images);
  state.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('examples/myapp with --split', () => {
  it('runs redis in its own container from the same image; the app and worker use it by name', async () => {
    cpSync(resolve(__dirname, '../../../examples/myapp'), project, { recursive: true });
    const { plan, images: built } = await buildProject({
      target: project,
      env: state.env,
      docker,
      split: true,
      labels: { 'tekton.test': '1' },
    });
    const image = built[0]!;
    images.push(...image.tags);
    expect(built).toHaveLength(1);
    const compose = parse(plan.files.find((f) => f.path === 'compose.yaml')!.content) as {
      services: Record<string, { environment: Record<string, string>; command?: string[] }>;
    };
    const redisEnv = compose.services[`${name}-redis`]!.environment;
    const appEnv = compose.services[name]!.environment;
    const redisCmd = compose.services[`${name}-redis`]!.command;
    expect(redisCmd?.[0]).toBe('redis-server');
    network = await docker.createNetwork({ Name: `${name}-net`, Labels: { 'tekton.test': '1' } });
    running.push(
      await runImage(docker, image.image, [], {
        name: `${name}-redis`,
        network: `${name}-net`,
        env: redisEnv,
        cmd: redisCmd,
      }),
    );
    const app = await runImage(docker, image.image, [8000], { name, network: `${name}-net`, env: appEnv });
    running.push(app);
    const base = `http://127.0.0.1:${app.ports[8000]}`;
    const body = await eventually(() => httpGet(`${base}/`), { timeoutMs: 60_000, what: 'the web app answering' });
    expect(JSON.parse(body)).toMatchObject({ hits: 1 });
    const { task_id } = (await (await fetch(`${base}/add/20/22`, { method: 'POST' })).json()) as { task_id: string };
    const done = await eventually(
      async () => {
        const r = JSON.parse((await httpGet(`${base}/tasks/${task_id}`)) ?? '{}') as {
          ready?: boolean;
          value?: number;
        };
        return r.ready ? r : undefined;
      },
      { timeoutMs: 60_000, what: 'the worker finishing a task through the other container' },
    );
    expect(done.value).toBe(42);
    const appStatus = await askCiSocket(app.runDir, { type: 'status' });
    expect((appStatus.services as Array<{ name: string }>).map((s) => s.name).sort()).toEqual(['web', 'worker']);
    const redisStatus = await eventually(
      async () => {
        const r = await askCiSocket(running[0]!.runDir, { type: 'status' });
        return (r.services as Array<{ health: string }>)[0]?.health === 'healthy' ? r : undefined;
      },
      { timeoutMs: 60_000, what: 'the redis CI reporting redis healthy' },
    );
    expect((redisStatus.services as Array<{ name: string }>).map((s) => s.name)).toEqual(['redis']);
  });
});
