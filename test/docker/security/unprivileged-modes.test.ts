// One generated image (examples/myapp: FastAPI + Celery + Redis, built by the real generator) run
// in every unprivileged mode on the real engine: an arbitrary UID in group 0 (OpenShift), no
// capabilities, no-new-privileges, a read-only root filesystem (tmpfs for the CI's paths), and
// all of them at once, and `ergon run --user` (group 0, and a group of its own). Each mode: every service healthy, the CI says in info and status what it
// cannot do, and a recipe still runs. As root (the control) it separates services and worker.
import { chownSync, chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { HEALTHCHECK_CMD } from '../../../plugin/docker/dockerfile/generate-dockerfile';
import { buildCiAssets } from '../../../scripts/build-ci-assets';
import { APP_UID, WORKER_UID } from '../../../protocol';
import { makeTestStateDir, type TestStateDir } from '../../support/state-dir';
import { CiConnection, docker } from '../ci-runtime/support';
import { eventually } from '../../support/eventually';
import { removeImages } from '../docker/support/run-built-image';
import { ergonFamily } from '../../../plugin/ergon/family';
import { runDirFor } from '../../../plugin/tekton/state-paths';
import { runSub } from '../host/support/run-command';

const parent = mkdtempSync(join(tmpdir(), 'tekton-unpriv-'));
const project = join(parent, `tekton-test-unpriv-${process.pid}`);
let state: TestStateDir;
let image = '';
const images: string[] = [];
const ARBITRARY_UID = 1000650000;

interface Started {
  id: string;
  runDir: string;
}
const started: Started[] = [];

async function start(flags: string[], runAsUid: number | null): Promise<Started> {
  const runDir = mkdtempSync(join(tmpdir(), 'tekton-unpriv-run-'));
  // As Ergon would for --user: the run dir belongs to the UID the CI runs as (group 0).
  if (runAsUid !== null) chownSync(runDir, runAsUid, 0);
  chmodSync(runDir, 0o700);
  const id = await docker([
    'run',
    '-d',
    '--network',
    'none',
    '--label',
    'tekton.test=1',
    '-v',
    `${runDir}:/run/tekton-ci`,
    ...flags,
    image,
  ]);
  const s = { id, runDir };
  started.push(s);
  return s;
}

// `ergon run --user` prepares the run dir itself (owner and group of that user, still 0700).
async function startWithErgon(user: string): Promise<Started> {
  const name = `tekton-unpriv-${process.pid}-${started.length}`;
  const r = await runSub(ergonFamily, 'run', {
    args: [image],
    options: { name, user, 'no-wait': true },
    env: state.env,
    json: true,
  });
  expect(r.status, r.stderr).toBe(0);
  const s = { id: (JSON.parse(r.stdout) as { id: string }).id, runDir: runDirFor(state.dir, name) };
  started.push(s);
  return s;
}

async function ask(s: Started, req: object): Promise<Record<string, unknown>> {
  const token = await eventually(
    async () => existsSync(join(s.runDir, 'token')) && readFileSync(join(s.runDir, 'token'), 'utf8').trim(),
    { what: 'the CI token' },
  );
  const conn = await eventually(async () => CiConnection.open(join(s.runDir, 'ci.sock')).catch(() => null), {
    what: 'the CI socket',
    timeoutMs: 60_000,
  });
  try {
    return await conn.request({ token, ...req }, 60_000);
  } finally {
    conn.close();
  }
}

type Service = { name: string; pid: number; health: string };
async function healthy(s: Started): Promise<Service[]> {
  return eventually(
    async () => {
      const status = await ask(s, { type: 'status' });
      const services = status.services as Service[];
      return services.length === 3 && services.every((x) => x.health === 'healthy') ? services : null;
    },
    { what: 'redis, web and worker healthy', timeoutMs: 120_000 },
  );
}

async function uidOf(s: Started, pid: number): Promise<number> {
  const status = await docker(['exec', s.id, 'cat', `/proc/${pid}/status`]);
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}

beforeAll(async () => {
  cpSync(resolve(import.meta.dirname, '../../../examples/myapp'), project, { recursive: true });
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
}, 900_000);

afterAll(async () => {
  for (const s of started) {
    await docker(['rm', '-f', '-v', s.id]).catch(() => undefined);
    rmSync(s.runDir, { recursive: true, force: true });
  }
  await removeImages(new Docker(), images);
  state?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

const READ_ONLY = ['--read-only', '--tmpfs', '/tmp', '--tmpfs', '/var/lib/tekton-ci'];
const NO_PRIVILEGES = ['--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];

describe('one image, every unprivileged mode', () => {
  it('control, as root: services as the app user, the worker on its own UID, no notes', async () => {
    const s = await start([], null);
    const services = await healthy(s);
    for (const svc of services) expect(await uidOf(s, svc.pid)).toBe(APP_UID);
    const info = await ask(s, { type: 'info' });
    expect(info.isolation).toMatchObject({
      root: true,
      services_drop_privileges: true,
      worker_uid: WORKER_UID,
      worker_network: false,
      notes: [],
    });
    // The app's folder is root's: its user reads it and writes none of it.
    const tryWrite = (path: string) =>
      docker(['exec', '-u', `${APP_UID}`, s.id, '/bin/sh', '-c', `touch ${path} 2>&1 && echo wrote || true`]);
    expect(await tryWrite('/app/app/main.py')).toMatch(/Permission denied/);
    expect(await tryWrite('/app/planted.js')).toMatch(/Permission denied/);
    expect(await docker(['exec', s.id, 'stat', '-c', '%u %a', '/app', '/app/app/main.py'])).toBe('0 755\n0 644');
  });

  it.each([
    ['an arbitrary UID in group 0 (OpenShift), by ergon run --user', `${ARBITRARY_UID}:0`, [], ARBITRARY_UID],
    [
      'an arbitrary UID with a group of its own, by ergon run --user',
      `${ARBITRARY_UID}:${ARBITRARY_UID}`,
      [],
      ARBITRARY_UID,
    ],
    ['no capabilities and no-new-privileges (root without CAP_SETUID)', null, NO_PRIVILEGES, 0],
    ['a read-only root filesystem', null, READ_ONLY, null],
    ['all of them at once', null, ['--user', `${ARBITRARY_UID}:0`, ...NO_PRIVILEGES, ...READ_ONLY], ARBITRARY_UID],
  ] as const)(
    '%s: every service healthy, the trade-off reported, a recipe still runs',
    async (_mode, user, flags, uid) => {
      const s = user ? await startWithErgon(user) : await start([...flags], uid === 0 ? null : uid);
      const services = await healthy(s);
      const info = await ask(s, { type: 'info' });
      const status = await ask(s, { type: 'status' });
      const isolation = info.isolation as {
        uid: number;
        services_drop_privileges: boolean;
        worker_uid: number;
        notes: string[];
        node: string;
      };
      expect(isolation.node).toMatch(/^v26\./);
      expect(status.isolation).toEqual(info.isolation);
      if (uid === null) {
        // Read-only alone keeps root: everything is separated as usual.
        expect(isolation).toMatchObject({ services_drop_privileges: true, worker_uid: WORKER_UID, notes: [] });
        for (const svc of services) expect(await uidOf(s, svc.pid)).toBe(APP_UID);
      } else {
        expect(isolation).toMatchObject({ uid, services_drop_privileges: false, worker_uid: uid });
        expect(isolation.notes.join('\n')).toMatch(/cannot give services their configured user/);
        expect(isolation.notes.join('\n')).toMatch(/recipe worker cannot get its own UID/);
        for (const svc of services) expect(await uidOf(s, svc.pid)).toBe(uid);
      }
      // Refuses nothing that stays safe: an inspect recipe runs in the (permission-model) worker.
      const run = await ask(s, { type: 'run', recipe: 'disk-usage', sender: 'unpriv-test' });
      expect(run, JSON.stringify(run)).toMatchObject({ type: 'run_response', ok: true });
      expect(await docker(['exec', s.id, ...HEALTHCHECK_CMD])).toBe('container CI: healthy');
    },
  );
});
