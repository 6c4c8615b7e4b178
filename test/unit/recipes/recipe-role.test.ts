// Who a recipe's SQL runs as, and how the verdict reaches the CI: the least-privileged role the CI
// makes (pg_monitor, never superuser), reads as that role in a read-only session, maintenance as the
// CI rebuilt it, and a judge process whose failures are refusals that are asked again.
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeSql } from '../../../ci-runtime/recipe-engine/postgres-policy';
import { provisionRecipeRole, RECIPE_ROLE, recipeRoleSql } from '../../../ci-runtime/recipe-engine/recipe-role';
import { dispatchCtxCall, type CtxDeps, type RunState } from '../../../ci-runtime/recipe-engine/ctx-dispatch';
import { defaultCtxDeps, recipeRoles } from '../../../ci-runtime/recipe-engine/engine-deps';
import { createSqlJudge, planSqlJudgeSpawn } from '../../../ci-runtime/recipe-engine/sql-judge-client';
import type { RecipeHost } from '../../../ci-runtime/recipe-engine/types';

beforeAll(async () => {
  await loadModule();
});

const admin = { user: 'app', password: 'admin-pw', database: 'app' };

describe('the recipe role', () => {
  it('is LOGIN + pg_monitor, no superuser; pg_maintain from PostgreSQL 17 only', () => {
    const v15 = recipeRoleSql('SCRAM-SHA-256$4096:x$y:z', 150018);
    expect(v15).toMatch(
      /ALTER ROLE tekton_recipe WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS/,
    );
    expect(v15).toMatch(/GRANT pg_monitor TO tekton_recipe/);
    expect(v15).not.toMatch(/pg_maintain/);
    expect(recipeRoleSql('v', 170002)).toMatch(/GRANT pg_maintain TO tekton_recipe/);
  });

  it('is made with a fresh password sent only as its SCRAM verifier; a login that cannot create roles is refused', async () => {
    const sent: string[] = [];
    const role = await provisionRecipeRole(admin, async (sql) => {
      sent.push(sql);
      return { rows: sent.length === 1 ? [['150018', 't']] : [] };
    });
    expect(role).toMatchObject({ login: { user: RECIPE_ROLE, database: 'app' }, maintain: false });
    expect(role.login.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent[1]).toMatch(/PASSWORD 'SCRAM-SHA-256\$4096:/);
    expect(sent.join('\n')).not.toContain(role.login.password!);
    await expect(provisionRecipeRole(admin, async () => ({ rows: [['150018', 'f']] }))).rejects.toThrow(
      /the login 'app' may not create roles.*never log in as the app's own user/,
    );
  });

  it('is made once per service and login; a failure is tried again', async () => {
    let calls = 0;
    const roles = recipeRoles(async () => {
      calls += 1;
      if (calls === 1) throw new Error('not up yet');
      return { login: { user: RECIPE_ROLE, password: 'p', database: 'app' }, maintain: false };
    });
    await expect(roles('db', 5432, admin)).rejects.toThrow(/not up yet/);
    await roles('db', 5432, admin);
    await roles('db', 5432, admin);
    expect(calls).toBe(2);
  });
});

describe('ctx.postgres', () => {
  const host: RecipeHost = {
    services: () => [{ name: 'db', kind: 'postgres', pid: 1, ports: [5432] }] as ReturnType<RecipeHost['services']>,
    container: () => ({}) as ReturnType<RecipeHost['container']>,
    restartService: async () => ({ ok: true, detail: '' }),
    logs: () => [],
    manifestApplications: () => ({
      db: {
        type: 'postgres',
        port: 5432,
        framework: 'postgres',
        env: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'admin-pw', POSTGRES_DB: 'app' },
      },
    }),
  };
  const state = (): RunState => ({
    recipe: 'r',
    source: 'user',
    risk: 'control',
    dryRun: false,
    confirmedActions: null,
    steps: [],
    actions: [],
    calls: 0,
  });
  const depsFor = (maintain: boolean, queries: Parameters<CtxDeps['postgres']>[0][]) =>
    defaultCtxDeps(host, {
      judgeSql: async (sql) => judgeSql(sql, parseSync),
      recipeRole: async () => ({ login: { user: RECIPE_ROLE, password: 'role-pw', database: 'app' }, maintain }),
      postgres: async (q) => {
        queries.push(q);
        return { columns: [], rows: [] };
      },
    });

  it('reads as the recipe role, read-only; VACUUM rebuilt, as the admin before PostgreSQL 17 and as the role after', async () => {
    const queries: Parameters<CtxDeps['postgres']>[0][] = [];
    await dispatchCtxCall(
      'postgres',
      ['db', 'SELECT count(*) FROM pg_stat_activity'],
      state(),
      depsFor(false, queries),
    );
    await dispatchCtxCall('postgres', ['db', 'vacuum (analyze) items'], state(), depsFor(false, queries));
    await dispatchCtxCall('postgres', ['db', 'vacuum (analyze) items'], state(), depsFor(true, queries));
    expect(queries.map((q) => [q.login.user, q.readOnly, q.sql, q.timeoutMs])).toEqual([
      // A read's statement_timeout is short: a query that would hold a backend is cut (red team B02).
      [RECIPE_ROLE, true, 'SELECT count(*) FROM pg_stat_activity', 5_000],
      ['app', false, 'VACUUM (ANALYZE) "items"', 60_000],
      [RECIPE_ROLE, false, 'VACUUM (ANALYZE) "items"', 60_000],
    ]);
  });

  it('sends nothing that was refused, and says why', async () => {
    const queries: Parameters<CtxDeps['postgres']>[0][] = [];
    await expect(
      dispatchCtxCall(
        'postgres',
        ['db', "SELECT $$'$$, pg_read_file($$/app/.env$$)"],
        state(),
        depsFor(false, queries),
      ),
    ).rejects.toThrow(/ctx\.postgres: refused: function 'pg_read_file' is not on the recipe allow-list/);
    expect(queries).toEqual([]);
  });
});

describe('the SQL judge process', () => {
  // A stand-in child: prints `reply` (or fails to start) and exits.
  function fakeSpawn(replies: Array<string | Error>) {
    let n = 0;
    return () => {
      const reply = replies[n++]!;
      const child = Object.assign(new EventEmitter(), {
        stdin: new PassThrough(),
        stdout: new PassThrough(),
        stderr: new PassThrough(),
        kill: () => true,
      });
      setImmediate(() => {
        if (reply instanceof Error) return child.emit('error', reply);
        child.stdout.end(reply);
        child.emit('close', 0);
      });
      return child as unknown as ChildProcess;
    };
  }
  const plan = planSqlJudgeSpawn({
    execPath: '/opt/tekton-ci/node',
    nodeVersion: 'v24.22.3',
    judgePath: '/opt/tekton-ci/sql-judge/sql-judge.js',
    cwd: '/',
    canDrop: true,
    dropTo: { uid: 10901, gid: 10901 },
  });

  it('runs as its own UID, reading only its folder, with the baseline compiler only', () => {
    expect(plan).toMatchObject({ uid: 10901, gid: 10901, env: { PATH: expect.any(String), LANG: 'C.UTF-8' } });
    expect(plan.args).toEqual([
      '--permission',
      '--allow-fs-read=/opt/tekton-ci/sql-judge',
      '--liftoff-only',
      '--max-old-space-size=32',
      '--disallow-code-generation-from-strings',
      '/opt/tekton-ci/sql-judge/sql-judge.js',
    ]);
  });

  it('keeps its verdicts; a judge that failed or said nothing useful is a refusal, asked again next time', async () => {
    const spawn = fakeSpawn([new Error('spawn EACCES'), 'not json', '{"ok":true,"kind":"read","sql":"SELECT 1"}']);
    const judge = createSqlJudge(plan, { spawn });
    expect(await judge('SELECT 1')).toEqual({ ok: false, reason: 'the SQL judge could not start: spawn EACCES' });
    expect(await judge('SELECT 1')).toEqual({ ok: false, reason: 'the SQL judge gave no verdict' });
    expect(await judge('SELECT 1')).toEqual({ ok: true, kind: 'read', sql: 'SELECT 1' });
    expect(await judge('SELECT 1')).toEqual({ ok: true, kind: 'read', sql: 'SELECT 1' });
    // Not SQL text: refused without a process.
    expect(await judge(42)).toMatchObject({ ok: false, reason: expect.stringMatching(/at most 2000/) });
  });
});
