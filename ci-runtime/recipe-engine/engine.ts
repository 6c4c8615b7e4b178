// The recipe engine: lists recipes, matches phrases, and runs a recipe in a sandboxed worker with
// the safety rules — inspect runs freely, control asks first (unless preapproved), destructive
// always asks and names its targets, dry runs change nothing — and an audit line for every run.
import { chmodSync, mkdirSync, mkdtempSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CI_HOME,
  WORKER_UID,
  CI_RECIPES_DIR,
  CI_STATE_DIR,
  canonicalJson,
  type AuditEntry,
  type RecipeInfo,
} from '../../protocol';
import type { RecipeEngine, RecipeHost, RunRequest, RunResult } from './types';
import { createAuditLog, type AuditLog } from './audit-log';
import { buildCatalog, MAX_RECIPE_BYTES, readRecipeDir, type CatalogEntry, type RecipeSource } from './recipe-catalog';
import { createConfirmationStore, type ConfirmationStore } from '../confirmations';
import { confirmationPrompt, recipeTarget } from './confirm-prompt';
import { addStep, dispatchCtxCall, type CtxDeps, type RunState } from './ctx-dispatch';
import { defaultCtxDeps } from './engine-deps';
import { matchRecipe } from './match-recipe';
import { validateRunParams } from './recipe-params';
import { runWorkerJob, type WorkerOutcome } from './worker-process';
import { planWorkerSpawn } from './worker-spawn-plan';
import { createSqlJudge, planSqlJudgeSpawn, SQL_JUDGE_UID } from './sql-judge-client';
import { validateRecipeMeta } from './recipe-meta';

/** Where recipes and the audit log live, the worker, the limits and the side effects. */
export interface RecipeEngineOptions {
  host: RecipeHost;
  /** Built-in recipes (default /opt/tekton-ci/recipes). */
  builtinDir?: string;
  /** The project's own recipes, copied in at build time (default /opt/tekton-ci/recipes/project). */
  projectDir?: string;
  /** User recipes added at run time (default /var/lib/tekton-ci/recipes). */
  userDir?: string;
  /** Default /var/lib/tekton-ci/audit.log. */
  auditPath?: string;
  /** Empty directory, readable but not writable by the worker, used as its cwd (default: one temp dir per process). */
  workDir?: string;
  /** Default /opt/tekton-ci/recipe-worker.js. */
  workerPath?: string;
  /** Default /opt/tekton-ci/sql-judge/sql-judge.js (with libpg-query.wasm beside it). */
  sqlJudgePath?: string;
  execPath?: string;
  execArgv?: string[];
  /** Time limit when the recipe names none (default 30 s). */
  defaultTimeoutMs?: number;
  heapMb?: number;
  rssLimitMb?: number;
  /** The worker's own identity when the CI is root (default WORKER_UID, neither the app's nor the CI's). */
  dropTo?: { uid: number; gid: number };
  /** Whether the CI may change UID (root with CAP_SETUID); default: it is root. */
  canDropPrivileges?: boolean;
  /** `process.version` of `execPath` (default: this process's, right when execPath is unset). */
  nodeVersion?: string;
  maxConcurrentRuns?: number;
  /** Time limit for describing recipes at load and add (default 20 s). */
  describeTimeoutMs?: number;
  confirmTtlMs?: number;
  /** The CI's one confirmation store (shared with chat and `control`); a private one by default. */
  confirmations?: ConfirmationStore;
  now?: () => number;
  deps?: Partial<Omit<CtxDeps, 'host'>>;
}

let sharedWorkDir: string | null = null;

// One empty, unwritable, unguessable directory per CI process for every worker's cwd.
function emptyWorkDir(): string {
  if (sharedWorkDir) return sharedWorkDir;
  const dir = mkdtempSync(join(tmpdir(), 'tekton-recipe-cwd-'));
  chmodSync(dir, 0o555);
  sharedWorkDir = dir;
  process.once('exit', () => {
    try {
      rmdirSync(dir);
    } catch {
      // already gone
    }
  });
  return dir;
}

/** The engine plus what went wrong while loading recipes. */
export interface LoadedRecipeEngine extends RecipeEngine {
  problems(): string[];
}

/** Loads every recipe (described in a worker) and returns the engine. */
export async function createRecipeEngine(options: RecipeEngineOptions): Promise<LoadedRecipeEngine> {
  const now = options.now ?? Date.now;
  const builtinDir = options.builtinDir ?? CI_RECIPES_DIR;
  const userDir = options.userDir ?? join(CI_STATE_DIR, 'recipes');
  const audit: AuditLog = createAuditLog(options.auditPath ?? join(CI_STATE_DIR, 'audit.log'));
  const confirmations = options.confirmations ?? createConfirmationStore({ ttlMs: options.confirmTtlMs, now });
  const keyOf = (recipe: string, params: Record<string, unknown>) => `recipe:${recipe}:${canonicalJson(params)}`;
  const cwd = options.workDir ?? emptyWorkDir();
  const canDrop = options.canDropPrivileges ?? process.getuid?.() === 0;
  const judgeSql = createSqlJudge(
    planSqlJudgeSpawn({
      execPath: options.execPath ?? process.execPath,
      nodeVersion: options.nodeVersion ?? process.version,
      judgePath: options.sqlJudgePath ?? join(CI_HOME, 'sql-judge', 'sql-judge.js'),
      cwd,
      canDrop,
      dropTo: { uid: SQL_JUDGE_UID, gid: SQL_JUDGE_UID },
    }),
  );
  const deps = defaultCtxDeps(options.host, { judgeSql, ...options.deps });
  const plan = planWorkerSpawn({
    execPath: options.execPath ?? process.execPath,
    execArgv: options.execArgv ?? process.execArgv,
    workerPath: options.workerPath ?? join(CI_HOME, 'recipe-worker.js'),
    heapMb: options.heapMb ?? 64,
    cwd,
    canDrop,
    dropTo: options.dropTo ?? { uid: WORKER_UID, gid: WORKER_UID },
    nodeVersion: options.nodeVersion ?? process.version,
  });
  const rssLimitBytes = (options.rssLimitMb ?? 256) * 1048576;
  let running = 0;

  const describe = async (sources: RecipeSource[]): Promise<WorkerOutcome> =>
    sources.length === 0
      ? { kind: 'described', results: [] }
      : runWorkerJob({
          plan,
          message: { op: 'describe', sources: sources.map((s, i) => ({ id: String(i), source: s.text })) },
          timeLimitMs: options.describeTimeoutMs ?? 20_000,
          rssLimitBytes,
        });

  const loaded = [
    readRecipeDir(builtinDir, 'builtin'),
    readRecipeDir(options.projectDir ?? join(builtinDir, 'project'), 'project'),
    readRecipeDir(userDir, 'user'),
  ];
  const sources = loaded.flatMap((l) => l.sources);
  const described = await describe(sources);
  const catalog = buildCatalog(sources, described.kind === 'described' ? described.results : []);
  const problems = [...loaded.flatMap((l) => l.problems), ...catalog.problems];
  if (described.kind !== 'described')
    problems.push(`recipes could not be described: ${'detail' in described ? described.detail : described.kind}`);
  const entries = catalog.entries;

  const record = (request: RunRequest, result: RunResult, outcome: NonNullable<AuditEntry['outcome']>): RunResult => {
    const params = auditedParams(request.params ?? {}, entries.get(request.recipe)?.info.params ?? {});
    audit.append({
      at: new Date(now()).toISOString(),
      sender: request.sender,
      recipe: request.recipe,
      params,
      dry_run: result.dryRun,
      ok: result.ok,
      summary: result.summary,
      duration_ms: result.durationMs,
      outcome,
    });
    return result;
  };

  const execute = async (
    entry: CatalogEntry,
    params: Record<string, unknown>,
    dryRun: boolean,
    confirmedActions: string[] | null,
  ) => {
    const started = now();
    const state: RunState = {
      recipe: entry.info.name,
      source: entry.info.source,
      risk: entry.info.risk,
      dryRun,
      confirmedActions,
      steps: [],
      actions: [],
      calls: 0,
    };
    running += 1;
    const timeLimitMs = entry.timeoutS !== null ? entry.timeoutS * 1000 : (options.defaultTimeoutMs ?? 30_000);
    const outcome = await runWorkerJob({
      plan,
      message: { op: 'run', source: entry.text, params, dryRun },
      timeLimitMs,
      rssLimitBytes,
      onCall: (method, args) => dispatchCtxCall(method, args, state, deps),
      onLog: (text) => addStep(state, text),
    }).finally(() => {
      running -= 1;
    });
    const base = { recipe: entry.info.name, dryRun, steps: state.steps, durationMs: now() - started };
    if (outcome.kind === 'done') {
      const summary = outcome.ok
        ? outcome.summary
        : `Recipe '${entry.info.name}' failed: ${outcome.error ?? 'unknown error'}`;
      return {
        result: { ...base, ok: outcome.ok, summary, ...(outcome.data !== undefined ? { data: outcome.data } : {}) },
        state,
        outcome: (outcome.ok ? 'done' : 'failed') as 'done' | 'failed',
      };
    }
    const why = outcome.kind === 'described' ? 'unexpected worker answer' : outcome.detail;
    return {
      result: {
        ...base,
        ok: false,
        summary: `Recipe '${entry.info.name}' ${outcome.kind === 'killed' ? 'was ' : ''}${why}`,
      },
      state,
      outcome: (outcome.kind === 'killed' ? 'killed' : 'failed') as 'killed' | 'failed',
    };
  };

  const refuse = (request: RunRequest, summary: string): RunResult =>
    record(
      request,
      { recipe: request.recipe, dryRun: request.dryRun, ok: false, summary, steps: [], durationMs: 0 },
      'refused',
    );

  return {
    problems: () => [...problems],
    list: () => [...entries.values()].map((e) => e.info),
    match: (phrase) =>
      matchRecipe(
        phrase,
        [...entries.values()].map((e) => e.info),
      ),
    audit: (lines) => audit.tail(lines),

    async run(request) {
      const entry = entries.get(request.recipe);
      if (!entry)
        return refuse(
          request,
          `No recipe named '${request.recipe}'. Known: ${[...entries.keys()].join(', ') || 'none'}.`,
        );
      const checked = validateRunParams(entry.info.name, entry.info.params, request.params ?? {});
      if (!checked.ok) return refuse(request, `Refused: ${checked.problems.join('; ')}`);
      if (running >= (options.maxConcurrentRuns ?? 2))
        return refuse(
          request,
          `Refused: ${running} recipes are already running (limit ${options.maxConcurrentRuns ?? 2}); try again when they finish`,
        );
      const params = checked.params;
      const risk = entry.info.risk;
      if (request.dryRun || risk === 'inspect') {
        const { result, outcome } = await execute(entry, params, request.dryRun, null);
        return record(request, result, outcome);
      }
      if (request.confirm) {
        const used = confirmations.consume(request.confirm, keyOf(entry.info.name, params));
        if (!used.ok) return refuse(request, `Refused: ${used.reason}`);
        // The token binds the plan: the run may do what the dry run showed, and nothing else.
        const { result, outcome } = await execute(entry, params, false, [...used.pending.actions]);
        return record(request, result, outcome);
      }
      if (risk === 'control' && request.preapproved) {
        const { result, outcome } = await execute(entry, params, false, null);
        return record(request, result, outcome);
      }
      // Plan first: the dry run names exactly what would be done, and the prompt names it.
      const planned = await execute(entry, params, true, null);
      if (!planned.result.ok)
        return record(
          request,
          { ...planned.result, dryRun: false, summary: `Refused: ${planned.result.summary}` },
          'refused',
        );
      const prompt = confirmationPrompt(entry.info.name, risk, planned.state.actions);
      const target = recipeTarget(
        entry.info.name,
        params,
        planned.state.actions,
        options.host.services().map((s) => s.name),
      );
      const confirm = confirmations.issue({
        action: `recipe:${entry.info.name}`,
        target,
        key: keyOf(entry.info.name, params),
        payload: { recipe: entry.info.name, params },
        risk,
        actions: planned.state.actions,
        prompt,
      });
      return record(
        request,
        { ...planned.result, dryRun: false, ok: false, summary: `Confirmation needed: ${prompt}`, confirm },
        'confirmation_requested',
      );
    },

    async add(source, sender) {
      if (typeof source !== 'string' || source.length === 0 || Buffer.byteLength(source) > MAX_RECIPE_BYTES) {
        throw new Error(`a recipe must be a non-empty JavaScript file of at most ${MAX_RECIPE_BYTES} bytes`);
      }
      const described = await describe([{ origin: 'user', path: 'new recipe', text: source }]);
      const result = described.kind === 'described' ? described.results[0] : undefined;
      if (!result?.ok)
        throw new Error(
          `the recipe could not be loaded in the sandbox: ${result?.error ?? ('detail' in described ? described.detail : 'no answer')}`,
        );
      const checked = validateRecipeMeta(result.meta);
      if (!checked.ok) throw new Error(`the recipe is not valid: ${checked.problems.join('; ')}`);
      const name = checked.meta.info.name;
      const existing = entries.get(name);
      if (existing && existing.info.source !== 'user')
        throw new Error(`a ${existing.info.source} recipe is already named '${name}'; choose another name`);
      mkdirSync(userDir, { recursive: true, mode: 0o700 });
      writeFileSync(join(userDir, `${name}.js`), source, { mode: 0o600 });
      const info: RecipeInfo = { ...checked.meta.info, source: 'user' };
      entries.set(name, { info, timeoutS: checked.meta.timeoutS, text: source });
      audit.append({
        at: new Date(now()).toISOString(),
        sender,
        recipe: name,
        params: {},
        dry_run: false,
        ok: true,
        summary: `added user recipe '${name}' (${info.risk})`,
        duration_ms: 0,
        outcome: 'added',
      });
      return info;
    },
  };
}

/**
 * What the audit log keeps of a request's params: the values of the recipe's declared params; of
 * anything else only the name (a caller can put a secret in any field; the log must not keep it).
 */
export function auditedParams(
  given: Record<string, unknown>,
  declared: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(given).map(([key, value]) => [
      key,
      Object.hasOwn(declared, key) && ['string', 'number', 'boolean'].includes(typeof value) ? value : '[not recorded]',
    ]),
  );
}
