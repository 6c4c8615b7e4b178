// Asks the SQL judge process (sql-judge-main.ts) for a verdict. The parser is PostgreSQL's own,
// compiled to WebAssembly (1.7 MB): loaded into the CI it would add ~20 MB of RSS for good, and V8's
// optimising compile of it briefly takes hundreds of MB (measured, docs/design-decisions.md). A
// short-lived process with --liftoff-only (baseline compiler only) takes ~80 ms and gives all of it
// back; verdicts are cached by text, so a recipe's fixed statements are judged once per CI.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { dirname } from 'node:path';
import { judgeSql, MAX_SQL_CHARS, type SqlVerdict } from './postgres-policy';
import { permissionFlags } from './worker-spawn-plan';
import type { WorkerSpawnPlan } from './worker-spawn-plan';

/** Inputs of the judge's spawn plan: the CI's node, the judge script, and the identity to drop to. */
export interface SqlJudgeSpawnInput {
  execPath: string;
  nodeVersion: string;
  /** /opt/tekton-ci/sql-judge/sql-judge.js; its folder also holds libpg-query.wasm. */
  judgePath: string;
  cwd: string;
  canDrop: boolean;
  dropTo: { uid: number; gid: number };
}

/** The judge runs like the recipe worker: own UID, reads only its own folder, no environment. */
export function planSqlJudgeSpawn(input: SqlJudgeSpawnInput): WorkerSpawnPlan {
  return {
    command: input.execPath,
    args: [
      ...permissionFlags(input.nodeVersion, dirname(input.judgePath)),
      '--liftoff-only',
      '--max-old-space-size=32',
      '--disallow-code-generation-from-strings',
      input.judgePath,
    ],
    cwd: input.cwd,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
    ...(input.canDrop ? { uid: input.dropTo.uid, gid: input.dropTo.gid } : {}),
  };
}

/**
 * The judge's own UID: not the worker's, so an escaped recipe worker cannot signal or trace the
 * process that judges its SQL; not the app's or the CI's either.
 */
export const SQL_JUDGE_UID = 10901;

type Spawn = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

const CACHE_SIZE = 256;

/** A judge function backed by the process of `plan`, with a cache of verdicts by SQL text. */
export function createSqlJudge(
  plan: WorkerSpawnPlan,
  { spawn = nodeSpawn as Spawn, timeoutMs = 10_000 } = {},
): (sql: unknown) => Promise<SqlVerdict> {
  const cache = new Map<string, SqlVerdict>();
  return async (sql) => {
    // What is no string or too long is refused before a process is spent on it.
    if (typeof sql !== 'string' || sql.length > MAX_SQL_CHARS || sql.includes('\0'))
      return judgeSql(sql, () => ({ stmts: [] }));
    const known = cache.get(sql);
    if (known) return known;
    const { verdict, judged } = await askJudge(plan, sql, spawn, timeoutMs);
    // Only the judge's own verdicts are kept: a judge that failed to start is asked again next time.
    if (judged) {
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(sql, verdict);
    }
    return verdict;
  };
}

type Answer = { verdict: SqlVerdict; judged: boolean };

// One judge process for one statement. A judge that fails or lies about its shape is a refusal.
function askJudge(plan: WorkerSpawnPlan, sql: unknown, spawn: Spawn, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let done = false;
    const finish = (answer: Answer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(answer);
    };
    const failed = (reason: string): Answer => ({ verdict: { ok: false, reason }, judged: false });
    const child = spawn(plan.command, plan.args, {
      cwd: plan.cwd,
      env: plan.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(plan.uid !== undefined ? { uid: plan.uid, gid: plan.gid } : {}),
    });
    const timer = setTimeout(() => finish(failed(`the SQL judge did not answer within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (out.length < 64 * 1024) out += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < 2000) err += chunk.toString('utf8');
    });
    child.on('error', (e) => finish(failed(`the SQL judge could not start: ${e.message}`)));
    child.on('close', () => finish(readVerdict(out, err)));
    child.stdin?.on('error', () => {});
    child.stdin?.end(JSON.stringify({ sql }));
  });
}

function readVerdict(out: string, err: string): Answer {
  try {
    const v = JSON.parse(out) as Partial<{ ok: boolean; kind: string; sql: string; reason: string }>;
    if (v.ok === true && (v.kind === 'read' || v.kind === 'action') && typeof v.sql === 'string')
      return { verdict: { ok: true, kind: v.kind, sql: v.sql }, judged: true };
    if (v.ok === false && typeof v.reason === 'string')
      return { verdict: { ok: false, reason: v.reason }, judged: true };
  } catch {
    // fall through: no verdict
  }
  const why = err ? `: ${err.trim().split('\n')[0]}` : '';
  return { verdict: { ok: false, reason: `the SQL judge gave no verdict${why}` }, judged: false };
}
