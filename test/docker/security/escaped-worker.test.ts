// Defence in depth, proven in a real container (FastAPI + Celery + Redis + Postgres, the CI as
// root): a payload that has "escaped" the sandbox (plain Node, vm2 bypassed on purpose) runs as the
// recipe worker's identity with the worker's exact flags (planWorkerSpawn, as the engine uses it)
// and must not read a service's environ, signal a service or the CI, write under /app or the data
// folders, read the CI's token, connect to its socket or to Redis and Postgres on loopback, start
// processes, threads or addons. The same payload as the app's UID without those flags is the
// control: there it does succeed; and as the worker's UID without the flags it still reaches the
// datastores' ports, so the permission model (no --allow-net) is what keeps the network closed.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_UID, CI_NODE, CI_SOCKET, CI_TOKEN_FILE, WORKER_UID } from '../../../protocol';
import { planWorkerSpawn } from '../../../ci-runtime/recipe-engine/worker-spawn-plan';
import { ask, docker, removeContainer, startContainer, waitForCi, type CiContainer } from '../ci-runtime/support';
import { eventually } from '../../support/eventually';
import { buildRecipeImage } from '../recipes/recipe-image';

const IMAGE = 'tekton-test/escaped-worker:latest';
const PAYLOAD_DIR = '/opt/escape';
const PAYLOAD = `${PAYLOAD_DIR}/payload.js`;
// The app's code and the data folders of its datastores in this fixture, plus the CI's own state.
const WRITABLE_TARGETS = ['/app', '/var/lib/tekton-pg', '/var/lib/tekton-ci', '/opt/tekton-ci', '/run/tekton-ci'];
// Redis and Postgres of the fixture, on loopback.
const DATASTORE_PORTS = [6379, 5432];

type Attempt = { ok: boolean; code?: string; value?: unknown; message?: string };
let c: CiContainer | undefined;
let servicePids: Record<string, number> = {};
let ciPid = 0;
let nodeVersion = '';

async function runPayload(identity: string, flags: 'worker' | 'none'): Promise<Record<string, Attempt>> {
  const plan = planWorkerSpawn({
    execPath: CI_NODE,
    execArgv: [],
    workerPath: PAYLOAD,
    heapMb: 64,
    cwd: '/',
    canDrop: true,
    dropTo: { uid: WORKER_UID, gid: WORKER_UID },
    nodeVersion,
  });
  const args = flags === 'worker' ? plan.args : [PAYLOAD];
  const target = {
    pids: Object.values(servicePids),
    ciPid,
    writable: WRITABLE_TARGETS,
    token: CI_TOKEN_FILE,
    socket: CI_SOCKET,
    ports: DATASTORE_PORTS,
  };
  // env -i: the worker's environment is the plan's, not the container's.
  const env = Object.entries(plan.env).map(([k, v]) => `${k}=${v}`);
  const out = await docker([
    'exec',
    '-u',
    identity,
    '-w',
    plan.cwd,
    c!.id,
    'env',
    '-i',
    ...env,
    plan.command,
    ...args,
    JSON.stringify(target),
  ]);
  return JSON.parse(out) as Record<string, Attempt>;
}

beforeAll(async () => {
  await buildRecipeImage(IMAGE);
  c = await startContainer({ image: IMAGE });
  await waitForCi(c);
  const status = await eventually(
    async () => {
      const s = await ask(c!, { type: 'status' });
      return (s.services as { health: string }[]).every((x) => x.health === 'healthy') ? s : null;
    },
    { what: 'all four services healthy', timeoutMs: 90_000 },
  );
  servicePids = Object.fromEntries((status.services as { name: string; pid: number }[]).map((s) => [s.name, s.pid]));
  // The CI is the services' parent (tini is PID 1, the CI its child).
  ciPid = Number(
    (await docker(['exec', c.id, 'cat', `/proc/${servicePids.redis}/stat`])).split(') ')[1]!.split(' ')[1],
  );
  nodeVersion = await docker(['exec', c.id, CI_NODE, '-p', 'process.version']);
  await docker(['exec', c.id, 'mkdir', '-p', PAYLOAD_DIR]);
  await docker(['cp', join(import.meta.dirname, 'escaped-payload.js'), `${c.id}:${PAYLOAD}`]);
  await docker(['exec', c.id, 'chmod', '0755', PAYLOAD_DIR]);
  await docker(['exec', c.id, 'chmod', '0644', PAYLOAD]);
}, 900_000);

afterAll(async () => {
  await removeContainer(c);
  await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
});

describe('an escaped recipe worker', () => {
  it("runs on the pinned Node LTS, and info says so with the worker's own UID", async () => {
    expect(nodeVersion).toMatch(/^v26\./);
    const info = await ask(c!, { type: 'info' });
    expect(info.isolation).toMatchObject({
      node: nodeVersion,
      uid: 0,
      root: true,
      services_drop_privileges: true,
      worker_uid: WORKER_UID,
      worker_permission_model: true,
      worker_network: false,
      notes: [],
    });
  });

  it("control: as the app's UID without the worker's flags, the same payload reaches the app", async () => {
    const r = await runPayload(`${APP_UID}:${APP_UID}`, 'none');
    expect(r[`environ:${servicePids.web}`]).toMatchObject({ ok: true });
    expect(String(r[`environ:${servicePids.web}`]!.value)).toContain('DATABASE_URL=');
    expect(r[`signal:${servicePids.worker}`]).toMatchObject({ ok: true });
    expect(r['write:/var/lib/tekton-pg']).toMatchObject({ ok: true });
    expect(r.child_process).toMatchObject({ ok: true });
    for (const port of DATASTORE_PORTS) expect(r[`tcp:${port}`], `tcp ${port}`).toMatchObject({ ok: true });
    await docker(['exec', c!.id, 'sh', '-c', 'rm -f /var/lib/tekton-pg/escaped-*']);
  });

  it('as the worker (its UID, its permission flags) reaches none of it', async () => {
    const r = await runPayload(`${WORKER_UID}:${WORKER_UID}`, 'worker');
    for (const pid of [...Object.values(servicePids), ciPid]) {
      expect(r[`environ:${pid}`], `environ of ${pid}`).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
      expect(r[`signal:${pid}`], `signal to ${pid}`).toMatchObject({ ok: false, code: 'EPERM' });
    }
    for (const dir of WRITABLE_TARGETS)
      expect(r[`write:${dir}`], `write under ${dir}`).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
    expect(r.token).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
    expect(r.child_process).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
    expect(r.worker_threads).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
    expect(r.addon).toMatchObject({ ok: false, code: 'ERR_DLOPEN_DISABLED' });
    expect(r.binding).toMatchObject({ ok: false });
    // Node 26's permission model denies every socket without --allow-net: the CI's, the datastores'.
    expect(r.socket).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
    for (const port of DATASTORE_PORTS)
      expect(r[`tcp:${port}`], `tcp ${port}`).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' });
  });

  it("as the worker's UID alone (no permission model), the kernel still refuses it", async () => {
    // The second wall on its own: what a bug in Node's permission model would leave.
    const r = await runPayload(`${WORKER_UID}:${WORKER_UID}`, 'none');
    for (const pid of [...Object.values(servicePids), ciPid]) {
      expect(r[`environ:${pid}`], `environ of ${pid}`).toMatchObject({ ok: false, code: 'EACCES' });
      expect(r[`signal:${pid}`], `signal to ${pid}`).toMatchObject({ ok: false, code: 'EPERM' });
    }
    for (const dir of WRITABLE_TARGETS)
      expect(r[`write:${dir}`], `write under ${dir}`).toMatchObject({ ok: false, code: 'EACCES' });
    expect(r.token).toMatchObject({ ok: false, code: 'EACCES' });
    expect(r.socket).toMatchObject({ ok: false, code: 'EACCES' });
    // Control for the network: the kernel lets this UID reach loopback ports; only Node's flags stop it.
    for (const port of DATASTORE_PORTS) expect(r[`tcp:${port}`], `tcp ${port}`).toMatchObject({ ok: true });
  });

  it('bad input through the CI: a recipe that tries each of these gets clear refusals and an audit entry', async () => {
    const source = `module.exports = { name: 'try-everything', description: 'tries what an attacker would', risk: 'inspect', phrases: ['try everything'],
      async run(ctx) {
        const out = [];
        const t = async (label, fn) => { try { await fn(); out.push(label + ': ALLOWED'); } catch (e) { out.push(label + ': ' + e.message); } };
        await t('read environ', () => require('fs').readFileSync('/proc/1/environ'));
        await t('signal', () => process.kill(1, 'SIGTERM'));
        await t('redis secret', () => ctx.redis('redis', 'CONFIG', 'GET', 'requirepass'));
        await t('redis write', () => ctx.redis('redis', 'SET', 'k', 'v'));
        await t('postgres write', () => ctx.postgres('postgres', 'DELETE FROM pg_stat_activity'));
        await t('postgres file', () => ctx.postgres('postgres', "SELECT pg_read_file('/run/tekton-ci/token')"));
        await t('restart', () => ctx.restart('web'));
        return { summary: out.join('\\n') };
      } };`;
    const added = await ask(c!, { type: 'recipe_add', sender: 'attacker', source });
    expect(added).toMatchObject({ type: 'recipe_add_response' });
    const result = await ask(c!, { type: 'run', recipe: 'try-everything', sender: 'attacker' });
    const lines = String(result.summary).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines.filter((l) => l.includes('ALLOWED'))).toEqual([]);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^read environ: require is not defined/),
        expect.stringMatching(/^signal: process is not defined/),
        expect.stringMatching(/^redis secret: .*is a secret; recipes never read it/),
        expect.stringMatching(/^redis write: .*not on the recipe allow-list/),
        expect.stringMatching(/^postgres write: .*DELETE is not allowed/),
        expect.stringMatching(/^postgres file: .*function 'pg_read_file' is not on the recipe allow-list/),
        expect.stringMatching(/^restart: .*(control|inspect)/),
      ]),
    );
    const audit = await ask(c!, { type: 'audit' });
    expect(JSON.stringify(audit)).toMatch(/"sender":"attacker","recipe":"try-everything"/);
  });

  it('left the app as it was and the CI answering', async () => {
    const status = await ask(c!, { type: 'status' });
    const now = Object.fromEntries(
      (status.services as { name: string; pid: number; health: string }[]).map((s) => [s.name, s.pid]),
    );
    expect(now).toEqual(servicePids);
    expect((status.services as { health: string }[]).every((s) => s.health === 'healthy')).toBe(true);
    expect(
      await docker([
        'exec',
        c!.id,
        'sh',
        '-c',
        'ls /app /var/lib/tekton-pg /var/lib/tekton-ci /opt/tekton-ci | grep -c escaped- || true',
      ]),
    ).toBe('0');
  });
});
