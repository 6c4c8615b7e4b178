// The recipe SQL policy on PostgreSQL's own parse tree (libpg_query), against an attack corpus:
// every way of hiding a call, a write or a second statement from a reader of text. That these
// statements do their harm when a superuser sends them is shown against a real Postgres in
// test/docker/security/recipe-datastores.test.ts.
import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { judgeSql, quoteIdent } from '../../../ci-runtime/recipe-engine/postgres-policy';

beforeAll(async () => {
  await loadModule();
});

const judge = (sql: unknown) => judgeSql(sql, parseSync);

// [what it tries, SQL, why it must be refused]
const ATTACKS: Array<[string, string, RegExp]> = [
  ['dollar quote hides a call', "SELECT $$'$$ AS a, pg_read_file($$/app/.env$$) AS b", /'pg_read_file' is not on/],
  ['tagged dollar quote', "SELECT $x$ ' $x$, pg_read_file('/etc/passwd')", /'pg_read_file'/],
  ['E string with an escaped quote', "SELECT E'\\'', pg_read_file('/etc/passwd')", /'pg_read_file'/],
  ['dollar quote inside an E string', "SELECT E'$$', pg_read_file('/x'), '$$'", /'pg_read_file'/],
  ['U& identifier spells the function', 'SELECT U&"\\0070g_read_file"(\'/etc/passwd\')', /'pg_read_file'/],
  ['quoted identifier', 'SELECT "pg_read_file"(\'/etc/passwd\')', /'pg_read_file'/],
  ['schema-qualified', "SELECT pg_catalog.pg_read_file('/etc/passwd')", /'pg_read_file'/],
  ['nested in allowed functions', "SELECT pg_size_pretty(length(pg_read_file('/etc/passwd')))", /'pg_read_file'/],
  ['string continuation across lines', "SELECT 'a'\n'b', pg_read_file('/x')", /'pg_read_file'/],
  ['in ORDER BY', "SELECT 1 FROM pg_class ORDER BY pg_read_file('/x')", /'pg_read_file'/],
  [
    'in an aggregate FILTER',
    "SELECT count(*) FILTER (WHERE pg_read_file('/x') IS NULL) FROM pg_class",
    /'pg_read_file'/,
  ],
  ['in VALUES', "VALUES (pg_read_file('/x'))", /'pg_read_file'/],
  ['function outside pg_catalog', 'SELECT public.count(1)', /'public.count' is outside pg_catalog/],
  ['set_config to change role', "SELECT set_config('role', 'postgres', false)", /'set_config'/],
  ['lo_import', "SELECT lo_import('/etc/passwd')", /'lo_import'/],
  ['dblink to elsewhere', "SELECT * FROM dblink('host=10.0.0.1', 'select 1') AS t(a int)", /'dblink'/],
  [
    'query_to_xml through XMLTABLE',
    "SELECT * FROM XMLTABLE('/a' PASSING query_to_xml('select * from users', true, true, '') COLUMNS a text)",
    /XMLTABLE/,
  ],
  ['comment hides a second statement', 'SELECT 1 /* ; */ ; DROP TABLE t', /one statement per call, got 2/],
  ['two statements', "SELECT 1; SELECT pg_read_file('/x')", /one statement per call, got 2/],
  ['CTE with DELETE', 'WITH x AS (DELETE FROM t RETURNING *) SELECT count(*) FROM x', /DELETE is not allowed/],
  [
    'CTE with INSERT',
    'WITH x AS (INSERT INTO t VALUES (1) RETURNING 1) SELECT * FROM pg_stat_activity',
    /INSERT is not allowed/,
  ],
  ['CTE with UPDATE', 'WITH x AS (UPDATE t SET a = 1 RETURNING 1) SELECT 1', /UPDATE is not allowed/],
  ['COPY TO PROGRAM', "COPY (SELECT 1) TO PROGRAM 'id'", /COPY is not allowed/],
  ['COPY FROM PROGRAM', "COPY t FROM PROGRAM 'cat /etc/passwd'", /COPY is not allowed/],
  ['SET ROLE', 'SET ROLE postgres', /SET is not allowed/],
  ['SET SESSION AUTHORIZATION', 'SET SESSION AUTHORIZATION postgres', /SET is not allowed/],
  ['DO block', "DO $$ BEGIN PERFORM pg_read_file('/x'); END $$", /DO is not allowed/],
  ['CALL', 'CALL p()', /CALL is not allowed/],
  ['PREPARE', 'PREPARE p AS SELECT 1', /PREPARE is not allowed/],
  ['EXECUTE', 'EXECUTE p', /EXECUTE is not allowed/],
  ['ALTER SYSTEM', "ALTER SYSTEM SET archive_command = 'id'", /ALTER SYSTEM is not allowed/],
  ['LOAD a library', "LOAD '/tmp/x.so'", /LOAD is not allowed/],
  ['CREATE FUNCTION', "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'select 1'", /CreateFunction is not allowed/],
  ['SELECT INTO makes a table', 'SELECT * INTO newt FROM pg_stat_activity', /SELECT INTO creates a table/],
  ['FOR UPDATE takes locks', 'SELECT * FROM pg_class FOR UPDATE', /FOR UPDATE\/SHARE/],
  ['an app table', 'SELECT * FROM users', /not 'users'/],
  ['an app table in a subquery', 'SELECT (SELECT password FROM users LIMIT 1)', /not 'users'/],
  [
    'an app table after a statistics view',
    'SELECT * FROM pg_stat_activity, LATERAL (SELECT * FROM users) u',
    /not 'users'/,
  ],
  ['TABLE shorthand', 'TABLE users', /not 'users'/],
  ['a quoted app table', 'SELECT * FROM "Users"', /not 'Users'/],
  ['a statistics name in another schema', 'SELECT * FROM public.pg_stat_activity', /not 'public.pg_stat_activity'/],
  ['another database', 'SELECT * FROM other.pg_catalog.pg_class', /names another database/],
  ['a cast that runs an input function', "SELECT 'pg_read_file'::regproc", /cast to 'regproc'/],
  ['an operator from another schema', 'SELECT 1 OPERATOR(public.+) 1', /operator 'public.\+'/],
  ['a $n parameter', 'SELECT $1', /a \$n parameter is not allowed/],
  [
    'an operator from another schema before ANY (subquery)',
    'SELECT 1 OPERATOR(public.=) ANY (SELECT 1)',
    /operator 'public.='/,
  ],
  ['VACUUM FULL', 'VACUUM FULL', /VACUUM FULL locks/],
  ['VACUUM (FULL, ANALYZE)', 'VACUUM (FULL, ANALYZE) t', /VACUUM FULL locks/],
  ['VACUUM without ANALYZE', 'VACUUM t', /VACUUM without ANALYZE/],
  ['VACUUM FREEZE', 'VACUUM (FREEZE, ANALYZE) t', /option 'freeze' is not allowed/],
  ['NUL byte', 'SELECT 1\0; DROP TABLE t', /NUL character/],
  ['no statement at all', '-- only a comment', /got 0/],
  ['not SQL', 'SELEC 1', /parser does not accept it/],
];

describe('recipe SQL on the parse tree', () => {
  it.each(ATTACKS)('refuses %s', (_what, sql, reason) => {
    expect(judge(sql)).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('allows the reads and maintenance the built-in recipes need, comments included', () => {
    for (const sql of [
      'SELECT coalesce(sum(n_dead_tup), 0), coalesce(sum(n_live_tup), 0), pg_database_size(current_database()) FROM pg_stat_user_tables',
      "SELECT coalesce(state, 'background'), count(*) FROM pg_stat_activity GROUP BY 1",
      'SELECT datname, pg_size_pretty(pg_database_size(datname)) FROM pg_database',
      'SELECT relname, n_dead_tup FROM pg_stat_user_tables ORDER BY n_dead_tup DESC LIMIT 10 -- worst first',
      "WITH c AS (SELECT 1 AS x) SELECT x::int, now() - interval '1 day' FROM c JOIN pg_class p ON true WHERE p.relname LIKE 'a%'",
      "SELECT current_setting('shared_buffers')",
    ]) {
      expect(judge(sql), sql).toEqual({ ok: true, kind: 'read', sql });
    }
  });

  // Red team B02: a CTE's name is visible only in its own SELECT and the CTEs after it; outside, the
  // same name is the real catalog. (That PostgreSQL reads the real pg_proc there, and that a
  // recursive CTE recurses, is shown against a real server in recipe-datastores.test.ts.)
  it.each([
    ['a CTE in a subquery', 'SELECT p.proname, p.prosrc FROM (WITH pg_proc AS (SELECT 1) SELECT 1) s, pg_proc p'],
    ['a CTE in a subquery, roles', 'SELECT r.rolname FROM (WITH pg_roles AS (SELECT 1) SELECT 1) s, pg_roles r'],
    ['a CTE in a scalar subquery', 'SELECT (WITH pg_views AS (SELECT 1) SELECT 1), definition FROM pg_views'],
    ['a CTE in a WHERE subquery', 'SELECT 1 FROM pg_authid WHERE EXISTS (WITH pg_authid AS (SELECT 1) SELECT 1)'],
    ['a CTE that reads a later sibling', 'WITH a AS (SELECT * FROM pg_proc), pg_proc AS (SELECT 1) SELECT * FROM a'],
    [
      'a CTE in one arm of a UNION',
      'SELECT 1 FROM (WITH pg_proc AS (SELECT 1) SELECT 1) s UNION ALL SELECT 1 FROM pg_proc',
    ],
  ])('scopes CTE names: refuses %s', (_what, sql) => {
    expect(judge(sql)).toMatchObject({ ok: false, reason: expect.stringMatching(/may only read statistics views/) });
  });

  it('refuses WITH RECURSIVE, and still allows CTEs read where they are visible', () => {
    expect(
      judge('WITH RECURSIVE x(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM x) SELECT count(*) FROM x'),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/WITH RECURSIVE is not allowed/) });
    for (const sql of [
      'WITH a AS (SELECT relname FROM pg_class), b AS (SELECT * FROM a) SELECT * FROM b',
      'WITH a AS (SELECT 1 AS x) SELECT * FROM a WHERE x IN (SELECT x FROM a)',
      'SELECT * FROM (WITH a AS (SELECT 1) SELECT * FROM a) s',
      'WITH pg_proc AS (SELECT 1 AS proname) SELECT proname FROM pg_proc',
    ])
      expect(judge(sql), sql).toEqual({ ok: true, kind: 'read', sql });
  });

  it('rebuilds maintenance from the tree, every identifier quoted by the CI', () => {
    expect(judge('VACUUM (ANALYZE)')).toEqual({ ok: true, kind: 'action', sql: 'VACUUM (ANALYZE)' });
    expect(judge('vacuum (analyze) public.items;')).toEqual({
      ok: true,
      kind: 'action',
      sql: 'VACUUM (ANALYZE) "public"."items"',
    });
    expect(judge('VACUUM VERBOSE ANALYZE "we""ird"')).toMatchObject({ sql: 'VACUUM (ANALYZE, VERBOSE) "we""ird"' });
    expect(judge('ANALYZE')).toMatchObject({ ok: true, kind: 'action', sql: 'ANALYZE' });
    expect(judge('ANALYZE t (a, b)')).toMatchObject({ sql: 'ANALYZE "t" ("a", "b")' });
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  it('refuses what is no SQL text or too long before parsing', () => {
    const neverParse = () => {
      throw new Error('parsed');
    };
    for (const value of [42, null, '', '   ', 'x'.repeat(2001)]) {
      expect(judgeSql(value, neverParse)).toMatchObject({ ok: false, reason: expect.stringMatching(/at most 2000/) });
    }
  });
});
