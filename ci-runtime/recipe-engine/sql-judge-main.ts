// Entry of /opt/tekton-ci/sql-judge/sql-judge.js: reads {"sql": "..."} on stdin, parses it with
// PostgreSQL's own parser (libpg_query compiled to WebAssembly) and writes the verdict of
// postgres-policy.ts as one JSON line. A process of its own (sql-judge-client.ts says why), run
// like the recipe worker: its own UID, Node's permission model, no environment.
import { loadModule, parseSync } from 'libpg-query';
import { judgeSql, MAX_SQL_CHARS } from './postgres-policy';

const MAX_INPUT = MAX_SQL_CHARS * 6 + 64;
const chunks: Buffer[] = [];
let size = 0;
process.stdin.on('data', (chunk: Buffer) => {
  size += chunk.length;
  if (size <= MAX_INPUT) chunks.push(chunk);
});
process.stdin.on('end', () => {
  void (async () => {
    let verdict: unknown;
    try {
      if (size > MAX_INPUT) throw new Error(`input larger than ${MAX_INPUT} bytes`);
      const { sql } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { sql?: unknown };
      await loadModule();
      verdict = judgeSql(sql, parseSync);
    } catch (err) {
      verdict = { ok: false, reason: `the SQL judge could not read its input: ${(err as Error).message}` };
    }
    process.stdout.write(`${JSON.stringify(verdict)}\n`);
  })();
});
