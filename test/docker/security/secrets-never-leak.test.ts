// Secrets never leak. Known secrets are planted in the project (.env, and a DATABASE_URL with a
// password in the manifest's env, as a user would set it) and in the container's environment (an
// API key, the CI token); then every place a secret could escape to is searched: every image layer
// and the image config, the manifest on disk and in the image, the audit log, the event stream,
// Hermes' registration metadata, and the replies and error messages of requests that fail.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { buildCiAssets } from '../../../scripts/build-ci-assets';
import { readBuilds } from '../../../plugin/docker/build/build-registry';
import { registrationFor } from '../../../plugin/monitor/hermes-reporter';
import { probeCi } from '../../../plugin/monitor/ci-probe';
import { SocketCiTransport } from '../../../plugin/transport/ci-client';
import type { CiEntry } from '../../../plugin/registry/registry-types';
import { makeTestStateDir, type TestStateDir } from '../../support/state-dir';
import {
  CiConnection,
  docker,
  removeContainer,
  startContainer,
  waitForCi,
  type CiContainer,
} from '../ci-runtime/support';
import { eventually } from '../../support/eventually';
import { removeImages } from '../docker/support/run-built-image';

// Distinct, greppable, and never produced by chance.
const PROJECT_SECRET = 'prj-SECRET-6b1f0c9e2d7a';
const DB_PASSWORD = 'dbpw-SECRET-93ac41e8';
const ENV_SECRET = 'env-SECRET-d2e8f4a71c05';
const ALL = [PROJECT_SECRET, DB_PASSWORD, ENV_SECRET];

const parent = mkdtempSync(join(tmpdir(), 'tekton-secrets-'));
const project = join(parent, `tekton-test-secrets-${process.pid}`);
let state: TestStateDir;
let image = '';
const images: string[] = [];
let c: CiContainer | undefined;
let token = '';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}
// Which of the planted secrets (and the CI token) `text` contains.
const leaked = (text: string) => [...ALL, token].filter((s) => s && text.includes(s));

beforeAll(async () => {
  cpSync(resolve(import.meta.dirname, '../../../examples/myapp'), project, { recursive: true });
  writeFileSync(
    join(project, '.env'),
    `SECRET_KEY=${PROJECT_SECRET}\nDATABASE_URL=postgresql://app:${DB_PASSWORD}@db:5432/app\n`,
  );
  // The image takes the CI from dist/tekton-ci: make sure it holds this checkout's CI.
  await buildCiAssets();
  state = makeTestStateDir();
  const { images: built } = await buildProject({
    target: project,
    env: state.env,
    docker: new Docker(),
    labels: { 'tekton.test': '1' },
  });
  image = built[0]!.image;
  images.push(...built[0]!.tags);
  // The CI token and an API key in the environment, a database password in a service's env.
  c = await startContainer({
    image,
    tokenInEnv: true,
    env: { API_KEY: ENV_SECRET, DATABASE_URL: `postgresql://app:${DB_PASSWORD}@127.0.0.1:5432/app` },
  });
  token = c.token;
  await waitForCi(c);
}, 900_000);

afterAll(async () => {
  await removeContainer(c);
  await removeImages(new Docker(), images);
  state?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('planted secrets', () => {
  it('are in no image layer and not in the image config', () => {
    const out = join(parent, 'saved');
    mkdirSync(out);
    execFileSync('sh', ['-c', `docker save ${image} | tar -x -C ${out}`]);
    const blobs: string[] = [];
    for (const file of filesUnder(out)) {
      if (file.endsWith('.tar') || (statSync(file).size > 0 && /layer|blobs/.test(file))) {
        // Layers are tars (sometimes gzip); list and read every member's bytes.
        const text = execFileSync('sh', ['-c', `(tar -xOf '${file}' 2>/dev/null || cat '${file}') | strings -n 8`], {
          maxBuffer: 1 << 30,
        }).toString('latin1');
        blobs.push(text);
      } else blobs.push(readFileSync(file, 'latin1'));
    }
    expect(blobs.length).toBeGreaterThan(2);
    // The control: the app's own code is in the layers, so the search does read them.
    expect(blobs.some((b) => b.includes('celery'))).toBe(true);
    for (const b of blobs) expect(leaked(b)).toEqual([]);
  });

  it("are not in the manifest, in the host's build record or in the image", async () => {
    const recorded = JSON.stringify(readBuilds(state.dir));
    expect(recorded).toContain('"applications"');
    expect(leaked(recorded)).toEqual([]);
    const inImage = await docker(['exec', c!.id, 'cat', '/opt/tekton-ci/manifest.json']);
    expect(inImage).toContain('"applications"');
    expect(leaked(inImage)).toEqual([]);
  });

  it('are in no reply, error message, event, audit entry or Hermes metadata', async () => {
    const ask = async (req: object) => {
      const conn = await CiConnection.open(c!.socketPath);
      try {
        return JSON.stringify(await conn.request({ token, ...req }, 60_000));
      } finally {
        conn.close();
      }
    };
    const events: string[] = [];
    const stream = await CiConnection.open(c!.socketPath);
    stream.socket.on('data', (d) => events.push(d.toString('utf8')));
    stream.writeRaw(`${JSON.stringify({ type: 'events', id: 'ev', token })}\n`);
    await eventually(
      async () => {
        const s = JSON.parse(await ask({ type: 'status' })) as { services: { health: string }[] };
        return s.services.every((x) => x.health === 'healthy');
      },
      { what: 'all services healthy', timeoutMs: 120_000 },
    );
    const replies = [
      await ask({ type: 'info' }),
      await ask({ type: 'status' }),
      await ask({ type: 'services' }),
      await ask({ type: 'health' }),
      await ask({ type: 'logs', lines: 500 }),
      await ask({ type: 'recipes' }),
      // Failing on purpose: wrong token, unknown recipe, a recipe against a Postgres that is not there,
      // bad params, a recipe that asks for secrets, a chat question about the environment.
      await ask({ type: 'status', token: `${token}x` }),
      await ask({ type: 'run', recipe: 'no-such-recipe', sender: 't' }),
      await ask({ type: 'run', recipe: 'vacuum-analyze', sender: 't', params: { password: ENV_SECRET } }),
      await ask({ type: 'run', recipe: 'disk-usage', sender: 't' }),
      await ask({
        type: 'recipe_add',
        sender: 't',
        source: `module.exports = { name: 'peek', description: 'd', risk: 'inspect', phrases: ['peek'], async run(ctx) { const m = await ctx.manifest(); return { summary: JSON.stringify(m) + JSON.stringify(await ctx.services()) }; } };`,
      }),
      await ask({ type: 'run', recipe: 'peek', sender: 't' }),
      await ask({ type: 'chat', content: 'what is the DATABASE_URL of web?' }),
      await ask({ type: 'chat', content: 'restart worker', sender: 't' }),
    ];
    // A crash and a restart put events on the stream (service_exited, service_started ...).
    const workerPid = (
      JSON.parse(await ask({ type: 'status' })) as { services: { name: string; pid: number }[] }
    ).services.find((s) => s.name === 'worker')!.pid;
    await docker(['exec', c!.id, 'sh', '-c', `kill -9 ${workerPid}`]);
    const audit = await docker(['exec', c!.id, 'cat', '/var/lib/tekton-ci/audit.log']);
    expect(audit).toContain('disk-usage');
    await eventually(async () => events.join('').includes('"kind"'), { what: 'events on the stream' });
    stream.close();
    const entry: CiEntry = {
      ci_name: 'secrets-ci',
      container: 'secrets',
      container_id: c!.id,
      image,
      project: 'secrets',
      app: null,
      manifest_hash: 'x',
      endpoint: { kind: 'socket', path: c!.socketPath },
      token_file: null,
      state: 'running',
      ports: [],
      source: 'ergon',
      updated_at: '',
    };
    const probe = await probeCi(entry, new SocketCiTransport({ path: c!.socketPath }, token));
    expect(probe.reachable).toBe(true);
    const hermes = JSON.stringify(registrationFor(entry, probe, '0.1.0'));
    const places = { replies: replies.join('\n'), audit, events: events.join(''), hermes };
    for (const [where, text] of Object.entries(places)) expect(leaked(text), where).toEqual([]);
    // The control: the secret is really there to be leaked (the app's own process has it).
    const pid = (
      JSON.parse(await ask({ type: 'status' })) as { services: { name: string; pid: number }[] }
    ).services.find((s) => s.name === 'web')!.pid;
    // Read as the app's user: root in a container lacks CAP_SYS_PTRACE for other users' environ.
    const environ = await docker([
      'exec',
      '-u',
      '10001:10001',
      c!.id,
      'sh',
      '-c',
      `tr '\\0' '\\n' < /proc/${pid}/environ`,
    ]);
    expect(environ).toContain(`API_KEY=${ENV_SECRET}`);
  });
});
