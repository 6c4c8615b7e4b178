// Which SQL a recipe may send to Postgres, judged on the parse tree of PostgreSQL's own parser
// (libpg_query), never on the text: dollar quotes, E'' strings, U& identifiers, nested comments and
// string continuations all come out of that parser exactly as the server will read them. Allowed:
// one SELECT over statistics views with allow-listed functions, operators and casts (a read), and
// VACUUM (ANALYZE) / ANALYZE of named relations, never FULL (an action). Pure: the parser is passed in.
import {
  MAINTENANCE_OPTIONS,
  NODE_WORDS,
  READ_EXPR_KINDS,
  READ_FUNCTIONS,
  READ_NODES,
  READ_OPERATORS,
  READ_RELATION,
  READ_TYPES,
} from './postgres-allow-lists';

/**
 * The verdict on one statement. A read runs as the recipe sent it (the text that was judged); an
 * action runs as `sql`, the statement rebuilt from the tree with every identifier quoted by the CI.
 */
export type SqlVerdict = { ok: true; kind: 'read' | 'action'; sql: string } | { ok: false; reason: string };

/** What the parser gives back: libpg_query's JSON parse tree (`parseSync`), or it throws. */
export type ParseSql = (sql: string) => { stmts?: Array<{ stmt?: unknown }> };

/** Longest SQL a recipe may send. */
export const MAX_SQL_CHARS = 2000;

type Node = Record<string, unknown>;

/** Judges one SQL text with `parse` (libpg_query's parseSync). */
export function judgeSql(raw: unknown, parse: ParseSql): SqlVerdict {
  if (typeof raw !== 'string' || raw.trim().length === 0 || raw.length > MAX_SQL_CHARS)
    return refuse(`ctx.postgres(service, sql) takes one SQL statement of at most ${MAX_SQL_CHARS} characters`);
  // The server reads a query as a C string: what follows a NUL is not what the parser would judge.
  if (raw.includes('\0')) return refuse('the SQL holds a NUL character, where Postgres would stop reading');
  let stmts: Array<{ stmt?: unknown }>;
  try {
    stmts = parse(raw).stmts ?? [];
  } catch (err) {
    return refuse(`PostgreSQL's parser does not accept it: ${(err as Error).message}`);
  }
  if (stmts.length !== 1)
    return refuse(`one statement per call, got ${stmts.length}: each statement is judged and run on its own`);
  const [type, body] = unwrap(stmts[0]?.stmt);
  if (type === 'SelectStmt') {
    const why = judgeSelect(body, new Set());
    return why ? refuse(why) : { ok: true, kind: 'read', sql: raw };
  }
  if (type === 'VacuumStmt') return judgeMaintenance(body);
  return refuse(
    `${wordOf(type)} is not allowed: a recipe may run one SELECT of statistics views, VACUUM (ANALYZE) or ANALYZE`,
  );
}

function refuse(reason: string): SqlVerdict {
  return { ok: false, reason };
}

/** A parse-tree node is an object with one key, its PascalCase type: `{ "FuncCall": {...} }`. */
function unwrap(value: unknown): [string, Node] {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && /^[A-Z]/.test(keys[0]!)) return [keys[0]!, (value as Node)[keys[0]!] as Node];
  }
  return ['', {}];
}

function wordOf(type: string): string {
  return NODE_WORDS[type] ?? (type.replace(/Stmt$/, '') || 'this statement');
}

// Walks every value under a SELECT: each node type must be a read's, and the nodes that name
// something (functions, relations, operators, types) must name allowed things. Fails closed.
// `ctes` holds the WITH names visible here, and only here: a relation of such a name reads the CTE.
function judgeRead(value: unknown, ctes: ReadonlySet<string>): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const why = judgeRead(item, ctes);
      if (why) return why;
    }
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const [type, body] = unwrap(value);
  if (type) {
    if (!READ_NODES.has(type)) return `${wordOf(type)} is not allowed in a recipe's SELECT`;
    if (type === 'SelectStmt') return judgeSelect(body, ctes);
    return judgeNode(type, body, ctes) ?? judgeRead(body, ctes);
  }
  for (const [key, field] of Object.entries(value)) {
    if (key === 'withClause') return 'a WITH clause outside a SELECT is not allowed';
    if (key === 'intoClause') return 'SELECT INTO creates a table; a recipe only reads';
    const why = (key === 'typeName' ? judgeType(field) : null) ?? judgeRead(field, ctes);
    if (why) return why;
  }
  return null;
}

function judgeNode(type: string, body: Node, ctes: ReadonlySet<string>): string | null {
  if (type === 'FuncCall') {
    const { schema, name } = qualified(body.funcname);
    if (schema !== null && schema !== 'pg_catalog') return `function '${schema}.${name}' is outside pg_catalog`;
    if (!READ_FUNCTIONS.has(name))
      return `function '${name}' is not on the recipe allow-list (${[...READ_FUNCTIONS].join(', ')})`;
  }
  if (type === 'RangeVar') {
    const relname = String(body.relname ?? '');
    const schema = typeof body.schemaname === 'string' ? body.schemaname : null;
    if (body.catalogname !== undefined) return `'${body.catalogname}.${schema}.${relname}' names another database`;
    if (schema === null && ctes.has(relname)) return null;
    if ((schema !== null && schema !== 'pg_catalog') || !READ_RELATION.test(relname))
      return `a recipe's SELECT may only read statistics views (pg_stat_*, pg_statio_*, pg_database, pg_settings, pg_locks, pg_class, ...), not '${schema ? `${schema}.` : ''}${relname}'`;
  }
  if (type === 'A_Expr' && !READ_EXPR_KINDS.has(String(body.kind)))
    return `the expression ${String(body.kind)} is not allowed`;
  // An operator is a function call too: x = y, and x = ANY (SELECT ...) in a SubLink.
  if ((type === 'A_Expr' && body.name !== undefined) || (type === 'SubLink' && body.operName !== undefined)) {
    const { schema, name } = qualified(type === 'A_Expr' ? body.name : body.operName);
    if ((schema !== null && schema !== 'pg_catalog') || !READ_OPERATORS.has(name))
      return `operator '${schema ? `${schema}.` : ''}${name}' is not on the recipe allow-list`;
  }
  return null;
}

function judgeType(typeName: unknown): string | null {
  const { schema, name } = qualified((typeName as Node | null)?.names);
  if ((schema !== null && schema !== 'pg_catalog') || !READ_TYPES.has(name))
    return `a cast to '${schema ? `${schema}.` : ''}${name}' is not allowed (casts run the type's input function; allowed: ${[...READ_TYPES].join(', ')})`;
  return null;
}

// ['pg_catalog', 'count'] → schema 'pg_catalog', name 'count'; anything longer is no plain name.
function qualified(names: unknown): { schema: string | null; name: string } {
  const parts = Array.isArray(names) ? names.map((n) => String((unwrap(n)[1] as Node).sval ?? '')) : [];
  const name = parts.at(-1) ?? '';
  if (parts.length <= 1) return { schema: null, name };
  return { schema: parts.slice(0, -1).join('.'), name };
}

// A SELECT with its WITH scoped as PostgreSQL scopes it (red team B02): a CTE's name is visible in its
// own SELECT (subqueries included) and in the CTEs after it, never outside that SELECT, where the same
// name is the real relation. WITH RECURSIVE is refused: a recursive CTE can run without end.
function judgeSelect(body: Node, outer: ReadonlySet<string>): string | null {
  const scope = new Set(outer);
  const withClause = body.withClause as Node | undefined;
  if (withClause !== undefined) {
    if (withClause.recursive === true)
      return 'WITH RECURSIVE is not allowed: a recursive query can run without end; a recipe reads statistics views';
    for (const cte of (withClause.ctes as unknown[] | undefined) ?? []) {
      const [type, def] = unwrap(cte);
      if (type !== 'CommonTableExpr') return `${wordOf(type)} is not allowed in a WITH clause`;
      const why = judgeRead(cte, scope);
      if (why) return why;
      if (typeof def.ctename === 'string') scope.add(def.ctename);
    }
  }
  for (const [key, field] of Object.entries(body)) {
    if (key === 'withClause') continue;
    if (key === 'intoClause') return 'SELECT INTO creates a table; a recipe only reads';
    const why = judgeRead(field, scope);
    if (why) return why;
  }
  return null;
}

// VACUUM (ANALYZE) [rel, ...] and ANALYZE [rel, ...], rebuilt from the tree with quoted identifiers.
function judgeMaintenance(body: Node): SqlVerdict {
  const vacuum = body.is_vacuumcmd === true;
  const command = vacuum ? 'VACUUM' : 'ANALYZE';
  const options: string[] = [];
  for (const option of (body.options as unknown[] | undefined) ?? []) {
    const [, def] = unwrap(option);
    const name = String(def.defname ?? '').toLowerCase();
    if (name === 'full') return refuse('VACUUM FULL locks and rewrites every table: recipes run VACUUM (ANALYZE) only');
    if (!MAINTENANCE_OPTIONS.has(name))
      return refuse(`${command} option '${name}' is not allowed (allowed: ${[...MAINTENANCE_OPTIONS].join(', ')})`);
    if (def.arg !== undefined) return refuse(`${command} option '${name}' takes no value in a recipe`);
    if (!options.includes(name)) options.push(name);
  }
  if (vacuum && !options.includes('analyze'))
    return refuse('VACUUM without ANALYZE: recipes run VACUUM (ANALYZE), which also refreshes the statistics');
  const targets: string[] = [];
  for (const item of (body.rels as unknown[] | undefined) ?? []) {
    const [, rel] = unwrap(item);
    const relation = (rel.relation ?? {}) as Node;
    if (relation.catalogname !== undefined) return refuse(`${command} of a relation in another database`);
    const name = [relation.schemaname, relation.relname].filter((p) => typeof p === 'string').map(quoteIdent);
    const columns = ((rel.va_cols as unknown[] | undefined) ?? []).map((c) => quoteIdent((unwrap(c)[1] as Node).sval));
    targets.push(`${name.join('.')}${columns.length ? ` (${columns.join(', ')})` : ''}`);
  }
  const order = [...MAINTENANCE_OPTIONS].filter((o) => options.includes(o)).map((o) => o.toUpperCase());
  const sql = `${command}${order.length ? ` (${order.join(', ')})` : ''}${targets.length ? ` ${targets.join(', ')}` : ''}`;
  return { ok: true, kind: 'action', sql };
}

/** A Postgres identifier, double-quoted, with its quotes doubled. */
export function quoteIdent(value: unknown): string {
  return `"${String(value).replace(/"/g, '""')}"`;
}
