// Boundary 3 (docs/security.md), attacked in a real container: the recipe fixture (Postgres 15 and
// Redis from Debian) with its datastores as `docker generate` makes them, passwords made by the CI at
// first start. Each attack has its control: the same SQL or Redis command sent with the datastore's
// own password (the superuser, the requirepass) does what the attacker wanted, so the refusal is
// what stopped it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_UID } from '../../../protocol';
import { ask, docker, removeContainer, startContainer, waitForCi, type CiContainer } from '../ci-runtime/support';
import { eventually } from '../../support/eventually';
import { buildRecipeImage } from '../recipes/recipe-image';

const BASE = 'tekton-test/recipe-datastores-base:latest';
const IMAGE = 'tekton-test/recipe-datastores:latest';
const SECRETS = '/var/lib/tekton-ci/datastore-secrets.json';
const HOST_FILE = '/tmp/host-secret.txt';
const HOST_TEXT = 'only-the-superuser-may-read-this';
const APP_ROW = 'app-data-42';

let c: CiContainer | undefined;
let secrets: { postgres: string; redis: string };

const exec = (args: string[], user = 'root') => docker(['exec', '-u', user, c!.id, ...args], 120_000);
// The superuser's own door, the control: the CI's Postgres client with the app's generated password.
const asSuperuser = async (sql: string) =>
  JSON.parse(await exec(['/opt/tekton-ci/node', '/opt/pg-probe.js', 'app', secrets.postgres, sql])) as {
    ok: boolean;
    rows?: (string | null)[][];
    error?: string;
  };
// redis-cli's answer, errors included (it prints them and may exit non-zero).
const redisCli = (args: string[], password: string | null = secrets.redis) =>
  exec([
    'sh',
    '-c',
    '"$@" 2>&1; true',
    'sh',
    'redis-cli',
    '-p',
    '6379',
    ...(password ? ['-a', password, '--no-auth-warning'] : []),
    ...args,
  ]);

// The fixture's manifest with its datastores as generated images have them.
function generatedManifest(): object {
  const m = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../recipes/fixtures/manifest.json'), 'utf8'),
  ) as Record<string, Record<string, Record<string, unknown>>>;
  const apps = m.applications!;
  const urls = {
    DATABASE_URL: 'postgresql://app:${secret:postgres}@127.0.0.1:5432/app',
    REDIS_URL: 'redis://default:${secret:redis}@127.0.0.1:6379/0',
  };
  apps.redis = {
    ...apps.redis,
    run_command: ['redis-server', '-', '--port', '6379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    generated_password: true,
  };
  apps.postgres = { ...apps.postgres, generated_password: true };
  delete apps.postgres.env;
  apps.web = { ...apps.web, env: urls, depends_on: ['redis', 'postgres'] };
  // The app's own clients (libpq's psql, redis-cli) reach both with the URLs the CI filled in.
  apps.appcheck = {
    type: 'process',
    language: null,
    framework: null,
    entrypoint: null,
    dependencies: [],
    build_commands: [],
    run_command: [
      'sh',
      '-c',
      'psql "$DATABASE_URL" -Atc "SELECT current_user" > /tmp/appcheck.pg 2>&1; redis-cli -u "$REDIS_URL" --no-auth-warning PING > /tmp/appcheck.redis 2>&1; exec sleep 100000',
    ],
    port: null,
    health: { kind: 'process' },
    depends_on: ['redis', 'postgres'],
    env: urls,
    workdir: '/tmp',
  };
  delete apps.worker;
  const container = m.containers!.rcptest!;
  container.applications = ['web', 'redis', 'postgres', 'appcheck'];
  return m;
}

async function buildImage(): Promise<void> {
  await buildRecipeImage(BASE);
  const ctx = mkdtempSync(join(tmpdir(), 'tekton-recipe-datastores-'));
  try {
    writeFileSync(join(ctx, 'manifest.json'), JSON.stringify(generatedManifest()));
    // Local connections as generated images have them: peer (the OS user must be the role), not trust.
    writeFileSync(
      join(ctx, 'Dockerfile'),
      `FROM ${BASE}\nCOPY manifest.json /opt/tekton-ci/manifest.json\nRUN sed -i 's/^local\\(.*\\)trust$/local\\1peer/' /var/lib/tekton-pg/pg_hba.conf\n`,
    );
    await docker(['build', '-q', '--label', 'tekton.test=1', '-t', IMAGE, ctx]);
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

async function addRecipe(source: string): Promise<void> {
  expect(await ask(c!, { type: 'recipe_add', sender: 'attacker', source })).toMatchObject({
    type: 'recipe_add_response',
  });
}

// A user recipe that sends each statement through ctx and reports what came back.
async function throughRecipe(
  name: string,
  calls: Record<string, string[]>,
  method: 'postgres' | 'redis',
): Promise<Record<string, { ok: boolean; rows?: unknown; error?: string }>> {
  await addRecipe(`module.exports = { name: '${name}', description: 'tries datastore calls', risk: 'inspect',
    phrases: ['${name} probe'], params: {}, applies_to: [],
    async run(ctx) {
      const out = {};
      for (const [label, args] of Object.entries(${JSON.stringify(calls)})) {
        try { const r = await ctx.${method}(...args); out[label] = { ok: true, rows: r.rows ?? r }; }
        catch (e) { out[label] = { ok: false, error: String(e.message) }; }
      }
      return { summary: 'tried', data: out };
    } };`);
  const reply = await ask(c!, { type: 'run', recipe: name, sender: 'attacker' });
  expect(reply, String(reply.summary)).toMatchObject({ ok: true });
  return reply.data as Record<string, { ok: boolean; rows?: unknown; error?: string }>;
}

beforeAll(async () => {
  await buildImage();
  c = await startContainer({ image: IMAGE });
  await waitForCi(c);
  await eventually(
    async () => {
      const s = await ask(c!, { type: 'status' });
      return (s.services as { health: string }[]).every((x) => x.health === 'healthy');
    },
    { what: 'web, redis, postgres and appcheck healthy', timeoutMs: 90_000 },
  );
  secrets = JSON.parse(await exec(['cat', SECRETS])) as typeof secrets;
  await exec(['sh', '-c', `echo ${HOST_TEXT} > ${HOST_FILE} && chmod 644 ${HOST_FILE}`]);
  expect(
    await asSuperuser(
      `CREATE TABLE app_secrets(secret text); INSERT INTO app_secrets VALUES ('${APP_ROW}'); SELECT count(*) FROM app_secrets`,
    ),
  ).toMatchObject({ ok: true, rows: [['1']] });
});

afterAll(async () => {
  await removeContainer(c);
  await docker(['rmi', '-f', IMAGE, BASE]).catch(() => undefined);
});

describe('passwords made at first start', () => {
  it('are random, kept 0600 by root where neither the worker nor the app reads them, and in no layer', async () => {
    expect(secrets.postgres).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secrets.redis).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secrets.redis).not.toBe(secrets.postgres);
    expect(await exec(['stat', '-c', '%a %U', SECRETS])).toBe('600 root');
    await expect(exec(['cat', SECRETS], `${WORKER_UID}:${WORKER_UID}`)).rejects.toThrow(/Permission denied/);
    await expect(exec(['cat', SECRETS], '10001:10001')).rejects.toThrow(/Permission denied/);
    // The image holds neither (only the names of the secrets in its manifest).
    const image = await docker([
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'sh',
      IMAGE,
      '-c',
      'ls /var/lib/tekton-ci; cat /opt/tekton-ci/manifest.json',
    ]);
    expect(image).toContain('${secret:redis}');
    expect(image).not.toContain(secrets.redis);
    expect(image).not.toContain(secrets.postgres);
    // Redis got its password on stdin: no process shows it in its command line.
    expect(await exec(['sh', '-c', 'cat /proc/[0-9]*/cmdline | tr "\\0" " "'])).not.toContain(secrets.redis);
  });

  it("the app's own URLs work: libpq and redis-cli log in with what the CI filled in", async () => {
    expect(await exec(['cat', '/tmp/appcheck.pg'])).toBe('app');
    expect(await exec(['cat', '/tmp/appcheck.redis'])).toBe('PONG');
  });

  it('Redis refuses a client without the password (control: with it, it answers)', async () => {
    expect(await redisCli(['PING'], null)).toMatch(/NOAUTH Authentication required/);
    expect(await redisCli(['GET', 'x'], 'wrong')).toMatch(/WRONGPASS|invalid username-password/);
    expect(await redisCli(['PING'])).toBe('PONG');
  });

  it('Postgres refuses a login without the password, trust is gone (control: with it, it answers)', async () => {
    expect(await asSuperuser('SELECT current_user')).toMatchObject({ ok: true, rows: [['app']] });
    const probe = (password: string) =>
      exec(['/opt/tekton-ci/node', '/opt/pg-probe.js', 'app', password, 'SELECT 1']).then(JSON.parse);
    expect((await probe('-')).error).toMatch(/wants a password/);
    expect((await probe('secret-pw')).error).toMatch(/password authentication failed for user "app"/);
    // The socket admits the app's own OS user only: the recipe worker's UID is refused.
    const psql = (user: string) =>
      exec(['sh', '-c', 'psql -h /tmp -U app -d app -Atc "SELECT current_user" 2>&1; true'], user);
    expect(await psql(`${WORKER_UID}:${WORKER_UID}`)).toMatch(
      /Peer authentication failed|could not look up local user/,
    );
    expect(await psql('10001:10001')).toBe('app');
  });
});

describe('recipe SQL', () => {
  // [label, what the attacker sends, how the superuser's run shows the harm]
  const ATTACKS: Array<[string, string, (r: Awaited<ReturnType<typeof asSuperuser>>) => Promise<void> | void]> = [
    [
      'dollar quotes hide pg_read_file',
      `SELECT $$'$$ AS a, pg_read_file($$${HOST_FILE}$$) AS b FROM pg_stat_activity LIMIT 1`,
      (r) => expect(JSON.stringify(r.rows)).toContain(HOST_TEXT),
    ],
    [
      "an E'' string hides pg_read_file",
      `SELECT E'\\'', pg_read_file('${HOST_FILE}')`,
      (r) => expect(JSON.stringify(r.rows)).toContain(HOST_TEXT),
    ],
    [
      'a U& identifier spells pg_read_file',
      `SELECT U&"\\0070g_read_file"('${HOST_FILE}')`,
      (r) => expect(JSON.stringify(r.rows)).toContain(HOST_TEXT),
    ],
    [
      'a second statement after a comment',
      `SELECT 1 /* ; */ ; SELECT pg_read_file('${HOST_FILE}')`,
      (r) => expect(JSON.stringify(r.rows)).toContain(HOST_TEXT),
    ],
    ['an app table', 'SELECT secret FROM app_secrets', (r) => expect(r.rows).toEqual([[APP_ROW]])],
    [
      'COPY ... TO PROGRAM',
      "COPY (SELECT 1) TO PROGRAM 'touch /tmp/pwned-copy'",
      async () => expect(await exec(['ls', '/tmp/pwned-copy'])).toBe('/tmp/pwned-copy'),
    ],
    [
      'a DO block',
      'DO $$ BEGIN CREATE TABLE pwned_do(); END $$',
      async () => expect((await asSuperuser("SELECT to_regclass('pwned_do')")).rows).toEqual([['pwned_do']]),
    ],
    [
      'a CTE that deletes',
      'WITH x AS (DELETE FROM app_secrets RETURNING *) SELECT count(*) FROM x',
      async () => {
        expect((await asSuperuser('SELECT count(*) FROM app_secrets')).rows).toEqual([['0']]);
        await asSuperuser(`INSERT INTO app_secrets VALUES ('${APP_ROW}')`);
      },
    ],
    ['SET ROLE', 'SET ROLE app', (r) => expect(r).toMatchObject({ ok: true })],
    // Red team B02: outside the subquery that defines it, 'pg_proc' is the real catalog.
    [
      'a CTE in a subquery lets the real catalog through',
      "SELECT p.proname FROM (WITH pg_proc AS (SELECT 1) SELECT 1) s, pg_proc p WHERE p.proname = 'pg_read_file' LIMIT 1",
      (r) => expect(r.rows).toEqual([['pg_read_file']]),
    ],
    [
      'a recursive CTE',
      'WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x WHERE n < 100000) SELECT count(*) FROM x',
      (r) => expect(r.rows).toEqual([['100000']]),
    ],
    [
      'VACUUM FULL rewrites tables',
      'VACUUM FULL app_secrets',
      async () => expect(await relfilenode()).not.toBe(fullBefore),
    ],
  ];
  let fullBefore = '';
  const relfilenode = async () =>
    String((await asSuperuser("SELECT relfilenode FROM pg_class WHERE relname = 'app_secrets'")).rows?.[0]?.[0]);

  it('refuses the attack corpus with the reason (control: the superuser runs each statement, with its harm)', async () => {
    const calls = Object.fromEntries(ATTACKS.map(([label, sql]) => [label, ['postgres', sql]]));
    const results = await throughRecipe('sql-attacks', calls, 'postgres');
    for (const [label] of ATTACKS) {
      expect(results[label], label).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^ctx\.postgres: refused: /),
      });
    }
    expect(await exec(['sh', '-c', 'ls /tmp/pwned-copy 2>/dev/null || echo absent'])).toBe('absent');
    expect((await asSuperuser("SELECT to_regclass('pwned_do')")).rows).toEqual([[null]]);
    expect((await asSuperuser('SELECT count(*) FROM app_secrets')).rows).toEqual([['1']]);
    console.log(
      Object.entries(results)
        .map(([k, v]) => `${k}: ${v.error}`)
        .join('\n'),
    );
    // The control: sent by the superuser, each one is executed and does its harm.
    fullBefore = await relfilenode();
    for (const [label, sql, harm] of ATTACKS) {
      const r = await asSuperuser(sql);
      expect(r, label).toMatchObject({ ok: true });
      await harm(r);
    }
  });

  it('reads run as the least-privileged role; the statistics views and VACUUM still work', async () => {
    const results = await throughRecipe(
      'sql-reads',
      {
        who: ['postgres', 'SELECT current_user, session_user'],
        stats: ['postgres', 'SELECT count(*) FROM pg_stat_activity WHERE datname IS NOT NULL'],
      },
      'postgres',
    );
    expect(results.who).toEqual({ ok: true, rows: [['tekton_recipe', 'tekton_recipe']] });
    expect(Number((results.stats!.rows as string[][])[0]![0])).toBeGreaterThanOrEqual(1);
    const role = await asSuperuser(
      "SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, array_to_string(ARRAY(SELECT b.rolname FROM pg_auth_members m JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = r.oid), ',') FROM pg_roles r WHERE rolname = 'tekton_recipe'",
    );
    expect(role.rows).toEqual([['f', 'f', 'f', 'f', 'pg_monitor']]);
    const asked = await ask(c!, { type: 'run', recipe: 'vacuum-analyze', sender: 'test' });
    const token = (asked.confirm as { token: string }).token;
    const done = await ask(c!, { type: 'run', recipe: 'vacuum-analyze', sender: 'test', confirm: token });
    expect(done, String(done.summary)).toMatchObject({ ok: true });
    expect(String(done.summary)).toMatch(/dead tuples \d+ → \d+/);
    expect(
      Number(
        (await asSuperuser("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'app_secrets'"))
          .rows?.[0]?.[0],
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('the role itself cannot read an app table or a file (control: the superuser can)', async () => {
    const asRole = await asSuperuser(`SET ROLE tekton_recipe; SELECT secret FROM app_secrets`);
    expect(asRole.error).toMatch(/permission denied for table app_secrets/);
    const fileAsRole = await asSuperuser(`SET ROLE tekton_recipe; SELECT pg_read_file('${HOST_FILE}')`);
    expect(fileAsRole.error).toMatch(/permission denied for function pg_read_file/);
    expect((await asSuperuser('SELECT secret FROM app_secrets')).rows).toEqual([[APP_ROW]]);
    expect(JSON.stringify((await asSuperuser(`SELECT pg_read_file('${HOST_FILE}')`)).rows)).toContain(HOST_TEXT);
  });
});

describe('recipe Redis commands', () => {
  const REFUSED: Record<string, string[]> = {
    'CONFIG SET': ['redis', 'CONFIG', 'SET', 'maxmemory', '1234567'],
    EVAL: ['redis', 'EVAL', 'return 7', '0'],
    DEBUG: ['redis', 'DEBUG', 'SLEEP', '0'],
    'MODULE LOAD': ['redis', 'MODULE', 'LOAD', '/tmp/none.so'],
    REPLICAOF: ['redis', 'REPLICAOF', 'NO', 'ONE'],
    MIGRATE: ['redis', 'MIGRATE', '127.0.0.1', '1', 'k'],
    'FLUSHDB from a user recipe': ['redis', 'FLUSHDB'],
  };

  it('refuses each with the reason (control: with the password, Redis runs them)', async () => {
    await redisCli(['SET', 'kept', 'yes']);
    const maxmemory = await redisCli(['CONFIG', 'GET', 'maxmemory']);
    const results = await throughRecipe('redis-attacks', { ...REFUSED, info: ['redis', 'INFO', 'server'] }, 'redis');
    for (const label of Object.keys(REFUSED)) {
      expect(results[label], label).toMatchObject({
        ok: false,
        error: expect.stringMatching(/never allowed in a recipe|sent only by the built-in 'clear-cache'/),
      });
    }
    // The CI logged in for the allowed read with the generated password.
    expect(String(results.info!.rows)).toMatch(/redis_version:/);
    expect(await redisCli(['GET', 'kept'])).toBe('yes');
    expect(await redisCli(['CONFIG', 'GET', 'maxmemory'])).toBe(maxmemory);
    // The control: each is a command Redis runs for whoever holds the password. (Redis 7 keeps
    // DEBUG and MODULE off unless configured; the recipe refusal does not count on that.)
    expect(await redisCli(['CONFIG', 'SET', 'maxmemory', '1234567'])).toBe('OK');
    expect(await redisCli(['CONFIG', 'GET', 'maxmemory'])).toBe('maxmemory\n1234567');
    expect(await redisCli(['EVAL', 'return 7', '0'])).toBe('7');
    expect(await redisCli(['REPLICAOF', 'NO', 'ONE'])).toBe('OK');
    expect(await redisCli(['MIGRATE', '127.0.0.1', '1', 'k', '0', '100'])).toMatch(/NOKEY|IOERR/);
    expect(await redisCli(['FLUSHDB'])).toBe('OK');
    expect(await redisCli(['GET', 'kept'])).toBe('');
  });
});

describe('after the attacks', () => {
  it('the CI answers and every service is healthy', async () => {
    const status = await ask(c!, { type: 'status' });
    expect((status.services as { health: string }[]).every((s) => s.health === 'healthy')).toBe(true);
  });

  it('a restarted container keeps its passwords: Postgres still takes the app, Redis still asks', async () => {
    await exec(['rm', '-f', '/tmp/appcheck.pg', '/tmp/appcheck.redis']);
    await docker(['restart', '-t', '10', c!.id]);
    await waitForCi(c!);
    await eventually(
      async () => {
        const s = await ask(c!, { type: 'status' });
        return (s.services as { health: string }[]).every((x) => x.health === 'healthy');
      },
      { what: 'healthy again after the restart', timeoutMs: 90_000 },
    );
    expect(JSON.parse(await exec(['cat', SECRETS]))).toEqual(secrets);
    await eventually(async () => (await exec(['cat', '/tmp/appcheck.pg'])) === 'app', { what: 'appcheck again' });
    expect(await redisCli(['PING'], null)).toMatch(/NOAUTH/);
    expect(await redisCli(['PING'])).toBe('PONG');
  });
});
