// The engine's safety rules through the real worker: inspect runs freely, control asks first,
// destructive always asks and names its target, tokens are single-use and bound, dry runs change
// nothing, log text chooses nothing, and every run is audited.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedRecipeEngine } from '../../../ci-runtime/recipe-engine';
import { createEngineFixture, type EngineFixture } from '../../support/recipe-engine-fixture';

let fx: EngineFixture;
let engine: LoadedRecipeEngine;
const run = (recipe: string, extra: Partial<Parameters<LoadedRecipeEngine['run']>[0]> = {}) =>
  engine.run({ recipe, params: {}, dryRun: false, sender: 'tester', ...extra });

beforeAll(async () => {
  fx = await createEngineFixture();
  engine = await fx.make();
}, 60_000);
afterAll(() => fx.cleanup());
// Each test starts from empty doubles, so the tests hold alone and in any order.
beforeEach(() => {
  fx.host.restarts.length = 0;
  fx.redisCalls.length = 0;
});

describe('recipe engine safety', () => {
  it('lists the built-ins with their risk, and matches phrases', () => {
    expect(engine.problems()).toEqual([]);
    const byName = Object.fromEntries(engine.list().map((r) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual([
      'clear-cache',
      'connections',
      'diagnose-slow',
      'disk-usage',
      'optimize-memory',
      'restart-workers',
      'tail-logs',
      'vacuum-analyze',
    ]);
    expect(byName['clear-cache']).toMatchObject({ risk: 'destructive', source: 'builtin' });
    expect(byName['optimize-memory']?.risk).toBe('control');
    expect(byName['tail-logs']?.risk).toBe('inspect');
    expect(engine.match('please optimize memory now')).toBe('optimize-memory');
    expect(engine.match('clear the cache')).toBe('clear-cache');
    expect(engine.match('what is the weather')).toBeNull();
  });

  it('runs an inspect recipe freely, and log text chooses no action', async () => {
    const before = fx.host.restarts.length;
    const result = await run('tail-logs', { params: { service: 'worker', lines: '3' } });
    expect(result.ok).toBe(true);
    expect(result.steps.join('\n')).toContain('please FLUSHDB now');
    expect(fx.host.restarts.length).toBe(before);
    expect(fx.redisCalls.some((c) => c[0] === 'FLUSHDB')).toBe(false);
  });

  it('asks before a control recipe, runs with the token, and refuses the token twice', async () => {
    const asked = await run('restart-workers');
    expect(asked.ok).toBe(false);
    expect(asked.confirm?.risk).toBe('control');
    expect(asked.confirm?.prompt).toContain("restart service 'worker'");
    expect(fx.host.restarts).not.toContain('worker');
    const done = await run('restart-workers', { confirm: asked.confirm!.token });
    expect(done.ok).toBe(true);
    expect(fx.host.restarts).toEqual(['worker']);
    const again = await run('restart-workers', { confirm: asked.confirm!.token });
    expect(again.ok).toBe(false);
    expect(again.summary).toMatch(/unknown or already used/);
    expect(fx.host.restarts).toEqual(['worker']);
  });

  it('binds a token to its recipe and params', async () => {
    const asked = await run('restart-workers');
    const other = await run('restart-workers', { confirm: asked.confirm!.token, params: { service: 'nope' } });
    expect(other.ok).toBe(false);
    expect(other.summary).toMatch(/other parameters/);
  });

  it('runs a control recipe without asking when preapproved', async () => {
    fx.host.restarts.length = 0;
    const done = await run('restart-workers', { preapproved: true });
    expect(done.ok).toBe(true);
    expect(fx.host.restarts).toEqual(['worker']);
  });

  it('always asks before a destructive recipe, naming the Redis, port and db, even when preapproved', async () => {
    fx.redisCalls.length = 0;
    const asked = await run('clear-cache', { preapproved: true });
    expect(asked.ok).toBe(false);
    expect(asked.confirm?.risk).toBe('destructive');
    expect(asked.confirm?.prompt).toContain("FLUSHDB on 'cache' (port 6379, db 0)");
    expect(fx.redisCalls.some((c) => c[0] === 'FLUSHDB')).toBe(false);
    const done = await run('clear-cache', { confirm: asked.confirm!.token });
    expect(done.ok).toBe(true);
    expect(fx.redisCalls.filter((c) => c[0] === 'FLUSHDB')).toEqual([['FLUSHDB']]);
  });

  it('refuses to flush a Redis the manifest does not mark as a cache, without issuing a token', async () => {
    fx.redisCalls.length = 0;
    const refused = await run('clear-cache', { params: { service: 'store' } });
    expect(refused.ok).toBe(false);
    expect(refused.confirm).toBeUndefined();
    expect(refused.summary).toMatch(/store.*cache: true/);
    expect(fx.redisCalls.some((c) => c[0] === 'FLUSHDB')).toBe(false);
  });

  it('dry-runs a control recipe: says what it would do, does nothing', async () => {
    fx.host.restarts.length = 0;
    fx.redisCalls.length = 0;
    const dry = await run('optimize-memory', { dryRun: true });
    expect(dry.ok).toBe(true);
    expect(dry.dryRun).toBe(true);
    expect(dry.steps).toContain("would Redis MEMORY PURGE on 'cache' (port 6379, db 0)");
    expect(dry.steps).toContain("would restart service 'worker'");
    expect(fx.host.restarts).toEqual([]);
    expect(fx.redisCalls.some((c) => c[0] === 'MEMORY')).toBe(false);
    expect(fx.redisCalls.some((c) => c[0] === 'INFO')).toBe(true);
  });

  it('refuses unknown recipes and bad params, naming what is expected', async () => {
    expect((await run('nope')).summary).toMatch(/No recipe named 'nope'. Known: .*tail-logs/);
    expect((await run('tail-logs', { params: { lines: 'many' } })).summary).toMatch(
      /'lines' of 'tail-logs' must be a number/,
    );
    expect((await run('tail-logs', { params: { colour: 'red' } })).summary).toMatch(/no parameter 'colour'/);
  });

  it('audits every run with who, what, params, dry or real, outcome and duration', async () => {
    // An engine of its own with its own audit file: the entries are exactly this test's runs.
    const audited = await fx.make({ auditPath: join(fx.state, 'audit-of-audit-test.log') });
    const runHere = (recipe: string, extra: Partial<Parameters<LoadedRecipeEngine['run']>[0]> = {}) =>
      audited.run({ recipe, params: {}, dryRun: false, sender: 'tester', ...extra });
    await runHere('tail-logs', { params: { service: 'worker', lines: '3' } });
    const asked = await runHere('restart-workers');
    await runHere('restart-workers', { confirm: asked.confirm!.token });
    await runHere('restart-workers', { confirm: asked.confirm!.token });
    await runHere('nope');
    await runHere('optimize-memory', { dryRun: true });
    const entries = audited.audit(100);
    expect(entries).toHaveLength(6);
    expect(
      entries.every((e) => e.sender === 'tester' && typeof e.duration_ms === 'number' && typeof e.at === 'string'),
    ).toBe(true);
    const outcomes = new Set(entries.map((e) => e.outcome));
    for (const o of ['done', 'refused', 'confirmation_requested']) expect(outcomes.has(o as never)).toBe(true);
    expect(entries.some((e) => e.recipe === 'optimize-memory' && e.dry_run)).toBe(true);
    expect(entries.some((e) => e.recipe === 'tail-logs' && e.params.service === 'worker')).toBe(true);
    expect(audited.audit(2)).toHaveLength(2);
    // The shared engine audits too: every run of this file so far is in its log.
    expect(engine.audit(100).every((e) => e.sender === 'tester')).toBe(true);
  });
});
