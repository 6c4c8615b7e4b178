// A generated image end to end (analyse → Dockerfile → build → run) for a FastAPI app that uses
// Postgres (psycopg) and Redis: no datastore trusts anyone. Their passwords are made by the CI at
// the container's first start, the app reaches both with the URLs the CI filled in, a client
// without the password is refused (control: the same client with it answers), the recipe worker's
// UID cannot use the Postgres socket (control: the app's UID can).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_UID } from '../../../protocol';
import { buildProject } from '../../../plugin/docker/build-project';
import { makeTestStateDir, type TestStateDir } from '../../support/state-dir';
import { eventually } from '../../support/eventually';
import { docker as dockerCli } from '../ci-runtime/support';
import { httpGet, removeImages, runImage, type RunningImage } from '../docker/support/run-built-image';

const engine = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-generated-stores-'));
const project = join(parent, `tekton-test-stores-${process.pid}`);
let state: TestStateDir;
let running: RunningImage | null = null;
let image = '';
const images: string[] = [];
let secrets: { postgres: string; redis: string };

const MAIN = `import os
import psycopg
import redis
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def root():
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        user = conn.execute("SELECT current_user").fetchone()[0]
    pong = redis.Redis.from_url(os.environ["REDIS_URL"]).ping()
    return {"pg": user, "redis": pong}
`;

// stdout and stderr of a command in the container, as `user`; never rejects on a non-zero exit.
const sh = (script: string, user = 'root') =>
  dockerCli(['exec', '-u', user, running!.id, 'sh', '-c', `${script} 2>&1; true`], 120_000);

beforeAll(async () => {
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'requirements.txt'), 'fastapi\nuvicorn\nredis\npsycopg[binary]\n');
  writeFileSync(join(project, 'main.py'), MAIN);
  state = makeTestStateDir();
  const { images: built } = await buildProject({
    target: project,
    env: state.env,
    docker: engine,
    labels: { 'tekton.test': '1' },
  });
  image = built[0]!.image;
  images.push(...built[0]!.tags);
  running = await runImage(engine, image, [8000]);
});

afterAll(async () => {
  await running?.stop();
  await removeImages(engine, images);
  state?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('a generated FastAPI + Postgres + Redis image', () => {
  it('the app reaches both datastores with the URLs the CI filled in at first start', async () => {
    const body = await eventually(() => httpGet(`http://127.0.0.1:${running!.ports[8000]}/`), {
      timeoutMs: 90_000,
      what: 'the app answering with its datastores',
    });
    expect(JSON.parse(body!)).toEqual({ pg: 'app', redis: true });
    secrets = JSON.parse(await sh('cat /var/lib/tekton-ci/datastore-secrets.json')) as typeof secrets;
    expect(Object.keys(secrets).sort()).toEqual(['postgres', 'redis']);
    // Neither password is in the image: its manifest names them only.
    const manifest = await dockerCli([
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'cat',
      image,
      '/opt/tekton-ci/manifest.json',
    ]);
    expect(manifest).toContain('${secret:postgres}');
    expect(manifest).not.toContain(secrets.postgres);
    expect(manifest).not.toContain(secrets.redis);
  });

  it('Redis without the password is refused (control: with it, PONG)', async () => {
    expect(await sh('redis-cli -p 6379 PING')).toMatch(/NOAUTH/);
    expect(await sh(`redis-cli -p 6379 -a ${secrets.redis} --no-auth-warning PING`)).toBe('PONG');
  });

  it('Postgres over TCP wants the password (control: with it, the app user logs in)', async () => {
    expect(await sh('psql -h 127.0.0.1 -U app -d postgres -w -Atc "SELECT 1"')).toMatch(
      /no password supplied|password authentication failed/,
    );
    expect(
      await sh(`PGPASSWORD=${secrets.postgres} psql -h 127.0.0.1 -U app -d postgres -w -Atc "SELECT current_user"`),
    ).toBe('app');
  });

  it("the Postgres socket takes the app's UID only (control: the app's UID gets in, the worker's does not)", async () => {
    const viaSocket = (user: string) => sh('psql -h /tmp -U app -d postgres -w -Atc "SELECT current_user"', user);
    expect(await viaSocket(`${WORKER_UID}:${WORKER_UID}`)).toMatch(
      /Peer authentication failed|could not look up local user/,
    );
    expect(await viaSocket('10001:10001')).toBe('app');
  });
});
