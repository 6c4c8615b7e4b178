// The parent side of `ctx`: validates each call from a recipe worker and executes it, or, in a
// dry run, records the action instead of doing it (reads stay real). Risk is enforced here, not
// trusted from the recipe: an inspect recipe cannot restart, only a destructive one can flush, and
// only a Redis the manifest marks `cache: true`.
import type { Risk } from '../../protocol';
import type { RecipeHost } from './types';
import type { CpuThrottling, DiskInfo, RedisReply } from './recipe-api';
import type { RedisAuth } from '../clients/redis';
import { judgeRedisCommand, riskAllows, withoutSecretConfig } from './redis-policy';
import type { SqlVerdict } from './postgres-policy';
import { postgresLoginFor, type PostgresLogin } from './postgres-credentials';
import type { RecipeRole } from './recipe-role';
import { plainData, requireAbsolutePath, requireHttpPath, requireInt, requireServiceName } from './ctx-validate';

/** Side effects the dispatcher uses; defaulted in engine-deps.ts. */
export interface CtxDeps {
  host: RecipeHost;
  redis(args: string[], target: { port: number; timeoutMs: number; auth: RedisAuth | null }): Promise<unknown>;
  /** The AUTH for a Redis service (requirepass, REDIS_URL), read by the CI; never shown to recipes. */
  redisAuth(service: string, port: number): RedisAuth | null;
  /** Judges a recipe's SQL on PostgreSQL's own parse tree (postgres-policy.ts, in the judge process). */
  judgeSql(sql: unknown): Promise<SqlVerdict>;
  /** The least-privileged role recipes log in as on this Postgres, made with the `admin` login. */
  recipeRole(service: string, port: number, admin: PostgresLogin): Promise<RecipeRole>;
  /**
   * `readOnly`: a read session, which refuses writes (default_transaction_read_only=on) and resolves
   * names in pg_catalog only, whatever the SQL says.
   */
  postgres(query: {
    port: number;
    login: PostgresLogin;
    sql: string;
    timeoutMs: number;
    readOnly: boolean;
  }): Promise<{ columns: string[]; rows: (string | null)[][] }>;
  httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }>;
  processTreeRss(pid: number): { processes: number; rss_bytes: number };
  cpuThrottling(): CpuThrottling;
  disk(path: string): DiskInfo;
  sleep(ms: number): Promise<void>;
  now(): number;
  /** Env of the manifest's applications, for Postgres logins when the host's view carries none. */
  manifestEnv(): Record<string, Record<string, string>>;
}

/** One run's state: who runs, how risky, dry or real, and what it did. */
export interface RunState {
  recipe: string;
  /** Where the recipe came from: some actions belong to one built-in recipe alone. */
  source: 'builtin' | 'project' | 'user';
  risk: Risk;
  dryRun: boolean;
  /**
   * The actions the user confirmed (labels from the dry run the prompt showed); in a confirmed run
   * every real action must be one of them, each used at most as often as the dry run showed it.
   * Null when nothing was confirmed (inspect, preapproved control).
   */
  confirmedActions: string[] | null;
  steps: string[];
  /** Labels of the actions done (or, in a dry run, that would be done). */
  actions: string[];
  calls: number;
}

const MAX_CALLS = 500;
const MAX_STEPS = 200;

/** Adds a step line, up to the limit. */
export function addStep(state: RunState, line: string): void {
  if (state.steps.length < MAX_STEPS) state.steps.push(line);
  else if (state.steps.length === MAX_STEPS) state.steps.push('… more steps omitted');
}

/** Validates and answers one ctx call. Throws an Error whose message the recipe sees. */
export async function dispatchCtxCall(
  method: string,
  args: unknown[],
  state: RunState,
  deps: CtxDeps,
): Promise<unknown> {
  state.calls += 1;
  if (state.calls > MAX_CALLS)
    throw new Error(`recipe '${state.recipe}' made more than ${MAX_CALLS} ctx calls; stopping it`);
  const call = `ctx.${method}`;
  switch (method) {
    case 'services':
      return plainData(deps.host.services());
    case 'container':
      return plainData(deps.host.container());
    case 'manifest':
      return manifestView(deps.host);
    case 'cpuThrottling':
      return deps.cpuThrottling();
    case 'memory': {
      const service = findService(call, args[0], deps.host);
      if (service.pid === null) return { service: service.name, pid: null, processes: 0, rss_bytes: 0 };
      return { service: service.name, pid: service.pid, ...deps.processTreeRss(service.pid) };
    }
    case 'logs': {
      const service = findService(call, args[0], deps.host);
      return plainData(deps.host.logs(service.name, requireInt(call, 'lines', args[1], 1, 1000)));
    }
    case 'sleep': {
      await deps.sleep(requireInt(call, 'ms', args[0], 0, 10_000));
      return null;
    }
    case 'disk':
      return deps.disk(requireAbsolutePath(call, args[0]));
    case 'http': {
      const service = findService(call, args[0], deps.host);
      const path = requireHttpPath(call, args[1]);
      const port = portOf(call, service.name, deps.host);
      const started = deps.now();
      const reply = await deps.httpGet(`http://127.0.0.1:${port}${path}`, 5000);
      return { status: reply.status, latency_ms: deps.now() - started, body: reply.body.slice(0, 64 * 1024) };
    }
    case 'restart': {
      const service = findService(call, args[0], deps.host);
      requireRisk(call, state, 'control');
      const label = `restart service '${service.name}'`;
      if (recordIfDry(state, label)) return { ok: true, detail: `dry run: '${service.name}' not restarted` };
      requireConfirmed(call, state, label);
      const result = await deps.host.restartService(service.name);
      addStep(state, `did ${label}: ${result.ok ? 'ok' : 'failed'} (${result.detail})`);
      return plainData(result);
    }
    case 'redis':
      return redisCall(call, args, state, deps);
    case 'postgres':
      return postgresCall(call, args, state, deps);
    default:
      throw new Error(`ctx has no method '${method}'`);
  }
}

async function redisCall(call: string, args: unknown[], state: RunState, deps: CtxDeps): Promise<unknown> {
  const service = findService(call, args[0], deps.host);
  const app = deps.host.manifestApplications()[service.name];
  if (kindOf(service.name, deps.host) !== 'redis')
    throw new Error(`${call}: service '${service.name}' is not a Redis (it is ${kindOf(service.name, deps.host)})`);
  const verdict = judgeRedisCommand(args.slice(1), { recipe: state.recipe, source: state.source, risk: state.risk });
  if (!verdict.ok) throw new Error(`${call}: ${verdict.reason}`);
  const port = portOf(call, service.name, deps.host);
  if (verdict.destructive && app?.cache !== true) {
    throw new Error(
      `${call}: refusing ${verdict.label} on Redis '${service.name}': the manifest does not mark it 'cache: true', so its data may not be disposable`,
    );
  }
  const label = `Redis ${verdict.label} on '${service.name}' (port ${port}, db 0)`;
  if (verdict.kind === 'action') {
    if (recordIfDry(state, label)) return 'OK';
    // A destructive action always needs a confirmation naming it, even from a preapproved run.
    if (verdict.destructive && state.confirmedActions === null) state.confirmedActions = [];
    requireConfirmed(call, state, label);
  }
  const raw = await deps.redis(verdict.args, {
    port,
    timeoutMs: 10_000,
    auth: deps.redisAuth(service.name, port),
  });
  const reply = toPlainReply(verdict.label.startsWith('CONFIG GET') ? withoutSecretConfig(raw) : raw);
  if (verdict.kind === 'action') {
    state.actions.push(label);
    addStep(state, `did ${label}: ${typeof reply === 'string' ? reply : JSON.stringify(reply)}`);
  }
  return reply;
}

async function postgresCall(call: string, args: unknown[], state: RunState, deps: CtxDeps): Promise<unknown> {
  const service = findService(call, args[0], deps.host);
  if (kindOf(service.name, deps.host) !== 'postgres')
    throw new Error(`${call}: service '${service.name}' is not a Postgres`);
  const verdict = await deps.judgeSql(args[1]);
  if (!verdict.ok) throw new Error(`${call}: refused: ${verdict.reason}`);
  const port = portOf(call, service.name, deps.host);
  const label = `Postgres ${verdict.sql} on '${service.name}' (port ${port})`;
  if (verdict.kind === 'action') {
    requireRisk(call, state, 'control');
    if (recordIfDry(state, label)) return { columns: [], rows: [] };
    requireConfirmed(call, state, label);
  }
  const fileEnv = deps.manifestEnv();
  const apps = Object.fromEntries(
    Object.entries(deps.host.manifestApplications()).map(([name, app]) => [
      name,
      { ...app, env: app.env ?? fileEnv[name] },
    ]),
  );
  const admin = postgresLoginFor(apps, service.name, port);
  let role: RecipeRole;
  try {
    role = await deps.recipeRole(service.name, port, admin);
  } catch (err) {
    throw new Error(`${call}: no least-privileged login on '${service.name}': ${(err as Error).message}`);
  }
  // Reads run as the recipe role in a read-only session. An action is the statement the CI rebuilt
  // from the parse tree; before PostgreSQL 17 only an owner may VACUUM, so it runs as the admin.
  const result = await deps.postgres({
    port,
    login: verdict.kind === 'action' && !role.maintain ? admin : role.login,
    sql: verdict.sql,
    // statement_timeout: a read of statistics views is quick; what is not would hold a backend (B02).
    timeoutMs: verdict.kind === 'read' ? RECIPE_READ_TIMEOUT_MS : RECIPE_ACTION_TIMEOUT_MS,
    readOnly: verdict.kind === 'read',
  });
  if (verdict.kind === 'action') {
    state.actions.push(label);
    addStep(state, `did ${label}`);
  }
  return result;
}

/** The server's statement_timeout for a recipe's read, and for its maintenance (VACUUM takes its time). */
export const RECIPE_READ_TIMEOUT_MS = 5_000;
export const RECIPE_ACTION_TIMEOUT_MS = 60_000;

function recordIfDry(state: RunState, label: string): boolean {
  if (!state.dryRun) return false;
  state.actions.push(label);
  addStep(state, `would ${label}`);
  return true;
}

/** In a confirmed run, uses up one confirmed `label`; throws when the dry run did not show it. */
function requireConfirmed(call: string, state: RunState, label: string): void {
  const confirmed = state.confirmedActions;
  if (confirmed === null) return;
  const at = confirmed.indexOf(label);
  if (at < 0)
    throw new Error(
      `${call}: '${label}' was not among the confirmed actions (${confirmed.join('; ') || 'none left'}); a confirmed run does only what its dry run showed: ask again for a confirmation`,
    );
  confirmed.splice(at, 1);
}

function requireRisk(call: string, state: RunState, need: Risk): void {
  if (!riskAllows(state.risk, need))
    throw new Error(`${call} needs a ${need} recipe; '${state.recipe}' is declared ${state.risk}`);
}

function findService(call: string, value: unknown, host: RecipeHost): { name: string; pid: number | null } {
  const name = requireServiceName(call, value);
  const status = host.services().find((s) => s.name === name);
  if (!status)
    throw new Error(
      `${call}: no service named '${name}' (known: ${
        host
          .services()
          .map((s) => s.name)
          .join(', ') || 'none'
      })`,
    );
  return { name, pid: status.pid };
}

function kindOf(name: string, host: RecipeHost): string {
  return host.manifestApplications()[name]?.type ?? host.services().find((s) => s.name === name)?.kind ?? 'unknown';
}

function portOf(call: string, name: string, host: RecipeHost): number {
  const port =
    host.manifestApplications()[name]?.port ?? host.services().find((s) => s.name === name)?.ports[0] ?? null;
  if (port === null) throw new Error(`${call}: service '${name}' has no port`);
  return port;
}

// The manifest without env: env holds passwords, and a recipe never needs them.
function manifestView(
  host: RecipeHost,
): Record<string, { type: string; port: number | null; cache?: boolean; framework: string | null }> {
  const out: Record<string, { type: string; port: number | null; cache?: boolean; framework: string | null }> = {};
  for (const [name, app] of Object.entries(host.manifestApplications())) {
    out[name] = {
      type: app.type,
      port: app.port,
      framework: app.framework,
      ...(app.cache !== undefined ? { cache: app.cache } : {}),
    };
  }
  return out;
}

function toPlainReply(value: unknown): RedisReply {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(toPlainReply);
  return String((value as { message?: unknown }).message ?? value);
}
