// The CI's own datastore clients against real servers in a container: Redis with requirepass
// (AUTH before the command, a clear refusal without or with a wrong password, the password in no
// message) and Postgres read-only sessions (the server itself refuses a write).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, removeContainer, startContainer, waitForCi, type CiContainer } from '../ci-runtime/support';
import { eventually } from '../../support/eventually';
import { buildRecipeImage } from '../recipes/recipe-image';

const IMAGE = 'tekton-test/datastore-clients:latest';
const PASSWORD = 'rq-Pa55-7f3a';
let c: CiContainer | undefined;

const exec = (args: string[], env: string[] = []) =>
  docker(['exec', ...env.flatMap((e) => ['-e', e]), c!.id, ...args], 60_000);
type Probe = { ok: boolean; value?: unknown; rows?: string[][]; error?: string };
const redis = async (password: string, ...command: string[]) =>
  JSON.parse(await exec(['/opt/tekton-ci/node', '/opt/redis-probe.js', '6390', password, ...command])) as Probe;
const pg = async (sql: string, readOnly: boolean) =>
  JSON.parse(
    await exec(
      ['/opt/tekton-ci/node', '/opt/pg-probe.js', 'app', 'secret-pw', sql],
      readOnly ? ['PG_READ_ONLY=1'] : [],
    ),
  ) as Probe;

beforeAll(async () => {
  await buildRecipeImage(IMAGE);
  c = await startContainer({ image: IMAGE });
  await waitForCi(c);
  // A second Redis that requires a password, beside the fixture's own.
  await docker([
    'exec',
    '-d',
    '-u',
    'app',
    c.id,
    'redis-server',
    '--port',
    '6390',
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--requirepass',
    PASSWORD,
  ]);
  await eventually(async () => (await redis(PASSWORD, 'PING')).ok, { what: 'the requirepass Redis answering' });
  await eventually(async () => (await pg('SELECT 1', false)).ok, { what: 'Postgres answering' });
}, 900_000);

afterAll(async () => {
  await removeContainer(c);
  await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
});

describe('Redis AUTH', () => {
  it('logs in with requirepass and runs the command', async () => {
    expect(await redis(PASSWORD, 'SET', 'k', 'v')).toEqual({ ok: true, value: 'OK' });
    expect(await redis(PASSWORD, 'GET', 'k')).toEqual({ ok: true, value: 'v' });
  });

  it('without a password: refused with what to configure', async () => {
    const r = await redis('-', 'GET', 'k');
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/refused GET: NOAUTH .*requirepass: give its password as REDIS_URL/);
  });

  it('with a wrong password: refused, and neither password appears in the message', async () => {
    const r = await redis('not-the-password', 'GET', 'k');
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/refused the login \(WRONGPASS\)/);
    expect(r.error).not.toContain('not-the-password');
    expect(r.error).not.toContain(PASSWORD);
  });
});

describe('Postgres read-only sessions', () => {
  it('the server refuses a write in a read-only session, and allows it otherwise', async () => {
    const refused = await pg('CREATE TABLE ro_probe (x int)', true);
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/cannot execute CREATE TABLE in a read-only transaction \(SQLSTATE 25006\)/);
    expect(await pg("SELECT current_setting('default_transaction_read_only')", true)).toMatchObject({
      ok: true,
      rows: [['on']],
    });
    expect(await pg("SELECT current_setting('default_transaction_read_only')", false)).toMatchObject({
      ok: true,
      rows: [['off']],
    });
    expect(await pg('SELECT count(*) FROM pg_stat_activity', true)).toMatchObject({ ok: true });
  });
});
