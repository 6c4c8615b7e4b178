// Which SQL a recipe may send to Postgres: VACUUM (ANALYZE) / ANALYZE (actions, never FULL) and
// SELECTs that only read statistics views and size functions (reads). One statement, no comments.

/** The verdict on one statement. */
export type SqlVerdict = { ok: true; kind: 'read' | 'action'; sql: string } | { ok: false; reason: string };

const IDENT = '[a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?';
const VACUUM = new RegExp(
  `^vacuum\\s*\\(\\s*(?:verbose\\s*,\\s*)?analyze(?:\\s*,\\s*verbose)?\\s*\\)(?:\\s+${IDENT})?$`,
  'i',
);
const ANALYZE = new RegExp(`^analyze(?:\\s+${IDENT})?$`, 'i');
const RELATION =
  /^(pg_catalog\.)?(pg_stat_[a-z_]+|pg_statio_[a-z_]+|pg_database|pg_settings|pg_locks|pg_class|pg_namespace|pg_tables|pg_indexes)$/i;
const FUNCTIONS = new Set([
  'version',
  'pg_database_size',
  'pg_size_pretty',
  'pg_total_relation_size',
  'pg_relation_size',
  'pg_table_size',
  'pg_indexes_size',
  'current_database',
  'count',
  'sum',
  'max',
  'min',
  'avg',
  'round',
  'coalesce',
  'now',
  'extract',
  'age',
  'greatest',
  'least',
  'nullif',
  'pg_postmaster_start_time',
  'current_setting',
]);
const FORBIDDEN_WORDS =
  /\b(insert|update|delete|drop|alter|create|truncate|copy|grant|revoke|into|full|lock|do|call|execute|prepare|listen|notify|set|reset|for|with|returning)\b/i;

/** Judges one SQL statement. */
export function judgeSql(raw: unknown): SqlVerdict {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2000)
    return { ok: false, reason: 'ctx.postgres(service, sql) takes one SQL statement of at most 2000 characters' };
  const sql = raw.trim().replace(/;\s*$/, '').replace(/\s+/g, ' ');
  if (/;|--|\/\*|\\|"/.test(sql))
    return { ok: false, reason: 'one statement only: no ";", comments, backslashes or quoted identifiers' };
  if (/\bfull\b/i.test(sql) && /^vacuum/i.test(sql))
    return { ok: false, reason: 'VACUUM FULL locks tables and rewrites them: recipes may only run VACUUM (ANALYZE)' };
  if (VACUUM.test(sql) || ANALYZE.test(sql)) return { ok: true, kind: 'action', sql };
  if (!/^select\b/i.test(sql))
    return {
      ok: false,
      reason: `statement not allowed: only VACUUM (ANALYZE) [table], ANALYZE [table] and SELECTs of pg_stat_* views and size functions (got '${sql.slice(0, 60)}')`,
    };
  const forbidden = FORBIDDEN_WORDS.exec(stripLiterals(sql));
  if (forbidden) return { ok: false, reason: `'${forbidden[0]}' is not allowed in a recipe's SELECT` };
  const body = stripLiterals(sql);
  for (const relation of relationsOf(body)) {
    if (!RELATION.test(relation))
      return {
        ok: false,
        reason: `SELECT may only read statistics views (pg_stat_*, pg_database, ...), not '${relation}'`,
      };
  }
  for (const match of body.matchAll(/([a-z_][a-z0-9_.]*)\s*\(/gi)) {
    const fn = (match[1] as string).toLowerCase().replace(/^pg_catalog\./, '');
    if (['from', 'join', 'in', 'select', 'and', 'or', 'not', 'on', 'as', 'where', 'exists'].includes(fn)) continue;
    if (!FUNCTIONS.has(fn))
      return { ok: false, reason: `function '${fn}' is not on the recipe allow-list (${[...FUNCTIONS].join(', ')})` };
  }
  return { ok: true, kind: 'read', sql };
}

// Every relation named after FROM (comma lists included) or JOIN; subqueries are checked on their own.
function relationsOf(body: string): string[] {
  const out: string[] = [];
  const clause =
    /\b(from|join)\b([\s\S]*?)(?=\b(from|select|where|group|order|limit|having|join|on|union|except|intersect|left|right|inner|outer|cross|natural)\b|\)|$)/gi;
  for (const match of body.matchAll(clause)) {
    for (const item of (match[2] as string).split(',')) {
      const first = item.trim().split(/\s+/)[0] ?? '';
      if (first === '' || first.startsWith('(')) continue;
      out.push(first);
    }
  }
  return out;
}

// String literals can hold anything; they are data, so they are blanked before looking for words.
function stripLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''");
}
