// Pure decisions of the recipe engine: allow-lists, params, metadata, phrase matching, tokens,
// the worker's spawn plan, /proc and cgroup parsing, Postgres logins.
import { describe, expect, it } from 'vitest';
import { withoutSecretConfig, judgeRedisCommand } from '../../../ci-runtime/recipe-engine/redis-policy';
import { validateRunParams } from '../../../ci-runtime/recipe-engine/recipe-params';
import { validateRecipeMeta } from '../../../ci-runtime/recipe-engine/recipe-meta';
import { matchRecipe } from '../../../ci-runtime/recipe-engine/match-recipe';
import { confirmationPrompt, recipeTarget } from '../../../ci-runtime/recipe-engine/confirm-prompt';
import { createConfirmationStore } from '../../../ci-runtime/confirmations';
import { canonicalJson } from '../../../protocol';
import { permissionFlags, planWorkerSpawn } from '../../../ci-runtime/recipe-engine/worker-spawn-plan';
import { readCpuThrottling, readProcessTreeRss } from '../../../ci-runtime/recipe-engine/system-readers';
import { postgresLoginFor } from '../../../ci-runtime/recipe-engine/postgres-credentials';
import { auditedParams } from '../../../ci-runtime/recipe-engine/engine';

const builtin = (risk: 'inspect' | 'control' | 'destructive', recipe = 'any') =>
  ({ recipe, source: 'builtin', risk }) as const;

describe('Redis allow-list', () => {
  it('classifies reads and actions and gates them by risk', () => {
    expect(judgeRedisCommand(['INFO', 'memory'], builtin('inspect'))).toMatchObject({ ok: true, kind: 'read' });
    expect(judgeRedisCommand(['memory', 'purge'], builtin('control'))).toMatchObject({
      ok: true,
      kind: 'action',
      label: 'MEMORY PURGE',
      args: ['memory', 'purge'],
    });
    expect(judgeRedisCommand(['MEMORY', 'PURGE'], builtin('inspect'))).toMatchObject({ ok: false });
    expect(judgeRedisCommand(['FLUSHDB'], builtin('control', 'clear-cache'))).toMatchObject({ ok: false });
    expect(judgeRedisCommand(['FLUSHDB'], builtin('destructive', 'clear-cache'))).toMatchObject({
      ok: true,
      destructive: true,
    });
  });
  it('lets only the built-in clear-cache recipe send FLUSHDB', () => {
    for (const sender of [
      builtin('destructive', 'other'),
      { recipe: 'clear-cache', source: 'project', risk: 'destructive' } as const,
      { recipe: 'clear-cache', source: 'user', risk: 'destructive' } as const,
    ]) {
      expect(judgeRedisCommand(['FLUSHDB'], sender)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/only by the built-in 'clear-cache' recipe/),
      });
    }
  });
  it('refuses the commands that take the server over, naming why', () => {
    const corpus: Array<[unknown[], RegExp]> = [
      [['CONFIG', 'SET', 'dir', '/'], /CONFIG SET' is never allowed.*writes? files/],
      [['config', 'set', 'dbfilename', 'x'], /CONFIG SET' is never allowed/],
      [['MODULE', 'LOAD', '/tmp/x.so'], /MODULE' is never allowed.*native code/],
      [['EVAL', 'return 1', '0'], /EVAL' is never allowed.*Lua/],
      [['eval_ro', 'return 1', '0'], /EVAL_RO' is never allowed/],
      [['SCRIPT', 'LOAD', 'return 1'], /SCRIPT' is never allowed/],
      [['FUNCTION', 'LOAD', 'x'], /FUNCTION' is never allowed/],
      [['DEBUG', 'SEGFAULT'], /DEBUG' is never allowed/],
      [['SLAVEOF', '10.0.0.1', '6379'], /SLAVEOF' is never allowed/],
      [['REPLICAOF', '10.0.0.1', '6379'], /REPLICAOF' is never allowed/],
      [['MIGRATE', 'h', '1', 'k'], /MIGRATE' is never allowed/],
      [['FLUSHALL'], /FLUSHALL' is never allowed/],
      [['SHUTDOWN'], /SHUTDOWN' is never allowed/],
      [['ACL', 'SETUSER', 'x'], /ACL' is never allowed/],
      [['KEYS', '*'], /KEYS' is never allowed/],
      [['CLIENT', 'KILL', 'x'], /CLIENT KILL' is not on the recipe allow-list/],
      [['GET', 'session:1'], /'GET' is not on the recipe allow-list/],
      // A name that smuggles a second command as text is one bulk string: an unknown command.
      [['PING\r\nFLUSHALL'], /is not on the recipe allow-list/],
      [['INFO', 'memory\r\nFLUSHALL'], /got arguments it does not allow/],
      [[], /takes 1 to 4/],
      [[1], /takes 1 to 4/],
      [['INFO', 'a', 'b'], /got arguments it does not allow/],
    ];
    for (const [args, reason] of corpus) {
      expect(judgeRedisCommand(args, builtin('destructive', 'clear-cache')), JSON.stringify(args)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(reason),
      });
    }
  });
  it('never hands a recipe a Redis secret: named ones are refused, globs come back without them', () => {
    expect(judgeRedisCommand(['CONFIG', 'GET', 'maxmemory'], builtin('inspect'))).toMatchObject({ ok: true });
    for (const secret of ['requirepass', 'MasterAuth', 'masteruser']) {
      expect(judgeRedisCommand(['CONFIG', 'GET', secret], builtin('destructive'))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/is a secret; recipes never read it/),
      });
    }
    expect(withoutSecretConfig(['maxmemory', '0', 'requirepass', 'pw', 'masterauth', 'pw2', 'port', '6379'])).toEqual([
      'maxmemory',
      '0',
      'port',
      '6379',
    ]);
  });
});

describe('params and metadata', () => {
  const specs = {
    lines: { type: 'number' as const, default: 20 },
    service: { type: 'string' as const },
    force: { type: 'boolean' as const, default: false },
  };
  it('converts, defaults and names problems', () => {
    expect(validateRunParams('r', specs, { lines: '5', service: 'web', force: 'yes' })).toEqual({
      ok: true,
      params: { lines: 5, service: 'web', force: true },
    });
    const bad = validateRunParams('r', specs, { lines: 'x', extra: 1 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.join('\n')).toMatch(
      /no parameter 'extra'[\s\S]*'lines' of 'r' must be a number[\s\S]*needs parameter 'service'/,
    );
  });
  it('validates untrusted metadata', () => {
    const good = {
      name: 'a-b',
      description: 'd',
      risk: 'control',
      phrases: ['x'],
      params: {},
      applies_to: [],
      has_run: true,
    };
    expect(validateRecipeMeta(good).ok).toBe(true);
    expect(validateRecipeMeta({ ...good, name: '../x' }).ok).toBe(false);
    expect(validateRecipeMeta({ ...good, timeout_s: 10_000 }).ok).toBe(false);
    expect(validateRecipeMeta({ ...good, has_run: false }).ok).toBe(false);
    expect(validateRecipeMeta({ ...good, params: { n: { type: 'number', default: 'x' } } }).ok).toBe(false);
  });
  it('matches the longest phrase whose words all appear', () => {
    const recipes = [
      { name: 'optimize-memory', phrases: ['free memory'] },
      { name: 'memory-report', phrases: ['memory'] },
    ];
    expect(matchRecipe('please free some memory', recipes)).toBe('optimize-memory');
    expect(matchRecipe('memory?', recipes)).toBe('memory-report');
    expect(matchRecipe('hello', recipes)).toBeNull();
  });
});

describe('confirmation tokens', () => {
  // The engine binds a token to recipe + params through the store's key.
  const key = (recipe: string, params: Record<string, unknown>) => `recipe:${recipe}:${canonicalJson(params)}`;
  const issue = (
    store: ReturnType<typeof createConfirmationStore>,
    params: Record<string, unknown>,
    actions: string[],
  ) => store.issue({ action: 'recipe:r', target: 'r', key: key('r', params), risk: 'control', actions, prompt: 'p' });
  it('are single-use, expire, and bind recipe and params', () => {
    let now = 1000;
    const store = createConfirmationStore({ ttlMs: 100, now: () => now });
    const a = issue(store, { x: 1 }, ['a']);
    expect(store.consume(a.token, key('r', { x: 2 })).ok).toBe(false);
    const b = issue(store, { x: 1 }, ['a']);
    expect(store.consume(b.token, key('r', { x: 1 }))).toMatchObject({ ok: true, pending: { actions: ['a'] } });
    expect(store.consume(b.token, key('r', { x: 1 })).ok).toBe(false);
    const c = issue(store, {}, []);
    now += 101;
    expect(store.consume(c.token, key('r', {}))).toMatchObject({ ok: false });
  });
  it('name their target: the one service the planned actions name, else the service param, else the recipe', () => {
    expect(recipeTarget('clear-cache', {}, ["Redis FLUSHDB on 'cache' (port 6379, db 0)"], ['web', 'cache'])).toBe(
      'cache',
    );
    expect(
      recipeTarget(
        'restart-workers',
        { service: 'w2' },
        ["restart service 'w1'", "restart service 'w2'"],
        ['w1', 'w2'],
      ),
    ).toBe('w2');
    expect(recipeTarget('vacuum-analyze', {}, [], ['db'])).toBe('vacuum-analyze');
  });
  it('prompts name the actions, and destructive ones say data is lost', () => {
    expect(confirmationPrompt('clear-cache', 'destructive', ["Redis FLUSHDB on 'cache' (port 6379, db 0)"])).toBe(
      "Destructive: clear-cache will Redis FLUSHDB on 'cache' (port 6379, db 0). Data is lost. Go ahead?",
    );
  });
});

describe('worker spawn plan', () => {
  const input = {
    execPath: '/opt/tekton-ci/node',
    execArgv: [
      '--inspect=9229',
      '--enable-source-maps',
      '--max-old-space-size=999',
      '--allow-fs-read=/',
      '--allow-child-process',
    ],
    workerPath: '/opt/tekton-ci/recipe-worker.js',
    heapMb: 64,
    cwd: '/tmp/empty',
    dropTo: { uid: 10900, gid: 10900 },
    nodeVersion: 'v24.22.3',
  };
  it('drops to the worker identity as root, keeps the CI flags but no debugger, and passes no secrets', () => {
    const plan = planWorkerSpawn({ ...input, canDrop: true });
    expect(plan).toMatchObject({
      command: '/opt/tekton-ci/node',
      uid: 10900,
      gid: 10900,
      cwd: '/tmp/empty',
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    expect(plan.args).toEqual([
      '--enable-source-maps',
      '--permission',
      '--allow-fs-read=/opt/tekton-ci/recipe-worker.js',
      '--max-old-space-size=64',
      '--disallow-code-generation-from-strings',
      '/opt/tekton-ci/recipe-worker.js',
    ]);
    expect(Object.keys(plan.env)).toEqual(['PATH', 'LANG']);
  });
  it("never lets the parent widen the worker's permissions (no --allow-* is inherited)", () => {
    const args = planWorkerSpawn({ ...input, canDrop: true }).args;
    expect(args.filter((a) => a.startsWith('--allow-'))).toEqual(['--allow-fs-read=/opt/tekton-ci/recipe-worker.js']);
  });
  it("names the permission flag the worker's Node knows", () => {
    expect(permissionFlags('v20.19.0', '/w.js')[0]).toBe('--experimental-permission');
    expect(permissionFlags('v22.12.0', '/w.js')[0]).toBe('--experimental-permission');
    expect(permissionFlags('v22.13.0', '/w.js')[0]).toBe('--permission');
    expect(permissionFlags('v24.0.0', '/w.js')[0]).toBe('--permission');
  });
  it('runs as the current user when not root (it cannot drop)', () => {
    expect(planWorkerSpawn({ ...input, canDrop: false }).uid).toBeUndefined();
  });
});

describe('system readers', () => {
  const files: Record<string, string> = {
    '/proc/10/stat': '10 (celery) S 1 10 10',
    '/proc/11/stat': '11 (celery: pool (x)) S 10 10 10',
    '/proc/12/stat': '12 (other) S 1 12 12',
    '/proc/10/status': 'VmRSS:\t  1024 kB',
    '/proc/11/status': 'VmRSS:\t  2048 kB',
    '/proc/12/status': 'VmRSS:\t  4096 kB',
    '/sys/fs/cgroup/cpu,cpuacct/cpu.stat': 'nr_periods 100\nnr_throttled 25\nthrottled_time 5000000000\n',
    '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '50000',
    '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000',
  };
  const read = (p: string) => files[p] ?? null;
  it('sums RSS over a process tree', () => {
    expect(readProcessTreeRss(10, read, () => [10, 11, 12])).toEqual({ processes: 2, rss_bytes: 3072 * 1024 });
  });
  it('reads cgroup v1 throttling', () => {
    expect(readCpuThrottling(read)).toEqual({
      cgroup: 'v1',
      periods: 100,
      throttled_periods: 25,
      throttled_ms: 5000,
      quota_cpus: 0.5,
    });
  });
});

describe('Postgres login', () => {
  it('takes the service env first, then a DATABASE_URL on the same port', () => {
    const apps = {
      db: { type: 'postgres', port: 5432, env: { POSTGRES_PASSWORD: 'pw' } },
      web: { type: 'web', port: 8000, env: { DATABASE_URL: 'postgresql://app:s%40cret@127.0.0.1:5432/appdb' } },
    };
    expect(postgresLoginFor(apps, 'db', 5432)).toEqual({ user: 'app', password: 'pw', database: 'appdb' });
    expect(postgresLoginFor({ web: apps.web, db: { type: 'postgres', port: 5432 } }, 'db', 5432)).toEqual({
      user: 'app',
      password: 's@cret',
      database: 'appdb',
    });
    expect(postgresLoginFor({ db: { type: 'postgres', port: 5432 } }, 'db', 5432)).toEqual({
      user: 'postgres',
      password: null,
      database: 'postgres',
    });
  });
});

describe('audited params', () => {
  it('keeps declared values and only the names of anything else', () => {
    expect(
      auditedParams({ lines: 50, password: 'hunter2', service: { nested: 'x' } }, { lines: {}, service: {} }),
    ).toEqual({ lines: 50, password: '[not recorded]', service: '[not recorded]' });
  });
  it('does not echo a rejected value in the refusal', () => {
    const bad = validateRunParams('r', { lines: { type: 'number' } }, { lines: 'secret-value-123' });
    expect(!bad.ok && bad.problems.join('\n')).toMatch(
      /'lines' of 'r' must be a number, got a string of 16 characters/,
    );
    expect(JSON.stringify(bad)).not.toContain('secret-value-123');
  });
});
