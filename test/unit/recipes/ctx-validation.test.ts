// ctx validates every argument in the CI process: a recipe's bad or hostile calls come back as
// errors naming the problem, and nothing reaches the host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedRecipeEngine } from '../../../ci-runtime/recipe-engine';
import { createEngineFixture, type EngineFixture } from '../../support/recipe-engine-fixture';

let fx: EngineFixture;
let engine: LoadedRecipeEngine;

// Each probe is one ctx call; the recipe collects what each call answered or threw.
const PROBES: Record<string, string> = {
  lines: "ctx.logs('worker', 5000)",
  unknownService: "ctx.logs('nope', 1)",
  serviceType: 'ctx.logs({ name: "worker" }, 1)',
  pathTraversal: "ctx.disk('/var/../etc')",
  relativePath: "ctx.disk('etc')",
  otherHost: "ctx.http('web', '//evil.example/')",
  absoluteUrl: "ctx.http('web', 'http://evil.example/')",
  userinfo: "ctx.http('web', '/@evil.example')",
  configSet: "ctx.redis('cache', 'CONFIG', 'SET', 'dir', '/tmp')",
  eval: "ctx.redis('cache', 'EVAL', 'return 1', '0')",
  badArgs: "ctx.redis('cache', 'INFO', 'memory; FLUSHALL')",
  flushall: "ctx.redis('cache', 'FLUSHALL')",
  flushFromInspect: "ctx.redis('cache', 'FLUSHDB')",
  notRedis: "ctx.redis('web', 'PING')",
  notPostgres: "ctx.postgres('cache', 'SELECT version()')",
  longSleep: 'ctx.sleep(60000)',
  restartFromInspect: "ctx.restart('worker')",
  purgeFromInspect: "ctx.redis('cache', 'MEMORY', 'PURGE')",
};

beforeAll(async () => {
  fx = await createEngineFixture();
  engine = await fx.make();
  const body = Object.entries(PROBES)
    .map(
      ([k, call]) =>
        `try { out.${k} = 'ok: ' + JSON.stringify(await ${call}); } catch (e) { out.${k} = 'error: ' + e.message; }`,
    )
    .join('\n');
  const forged =
    "out.forged = await new Promise((resolve) => { const prev = __deliver; __deliver = (t) => { const m = JSON.parse(t); resolve(m.ok ? 'ok' : 'error: ' + m.error); __deliver = prev; }; __send(JSON.stringify({ op: 'call', id: 9999, method: 'exec', args: ['id'] })); });";
  await engine.add(
    `module.exports = { name: 'probe-ctx', description: 'calls ctx badly', risk: 'inspect', phrases: [], params: {}, applies_to: [],
    async run(ctx) { const out = {}; ${body}\n${forged}\n return { summary: 'probed', data: out }; } };`,
    'tester',
  );
}, 60_000);
afterAll(() => fx.cleanup());

describe('ctx argument validation', () => {
  it('refuses each bad call with a reason, and nothing reaches the host', async () => {
    fx.host.restarts.length = 0;
    fx.redisCalls.length = 0;
    const result = await engine.run({ recipe: 'probe-ctx', params: {}, dryRun: false, sender: 'tester' });
    expect(result.ok).toBe(true);
    const out = result.data as Record<string, string>;
    expect(out.lines).toMatch(/lines must be an integer from 1 to 1000/);
    expect(out.unknownService).toMatch(/no service named 'nope' \(known: web, worker, cache, store\)/);
    expect(out.serviceType).toMatch(/service must be a service name string/);
    expect(out.pathTraversal).toMatch(/without '\.\.'/);
    expect(out.relativePath).toMatch(/absolute path/);
    expect(out.otherHost).toMatch(/single '\/'/);
    expect(out.absoluteUrl).toMatch(/must start with a single '\/'/);
    expect(out.userinfo).toMatch(/'@'/);
    expect(out.configSet).toMatch(/'CONFIG SET' is never allowed in a recipe: it changes the server/);
    expect(out.badArgs).toMatch(/'INFO' got arguments it does not allow/);
    expect(out.eval).toMatch(/'EVAL' is never allowed in a recipe: it runs Lua code/);
    expect(out.flushall).toMatch(/'FLUSHALL' is never allowed in a recipe: it deletes every database/);
    expect(out.flushFromInspect).toMatch(/'FLUSHDB' is sent only by the built-in 'clear-cache' recipe/);
    expect(out.notRedis).toMatch(/'web' is not a Redis/);
    expect(out.notPostgres).toMatch(/'cache' is not a Postgres/);
    expect(out.longSleep).toMatch(/ms must be an integer from 0 to 10000/);
    expect(out.restartFromInspect).toMatch(/needs a control recipe/);
    expect(out.purgeFromInspect).toMatch(/needs a control recipe/);
    expect(out.forged).toMatch(/ctx has no method 'exec'/);
    expect(fx.host.restarts).toEqual([]);
    expect(fx.redisCalls).toEqual([]);
  });
});
