// A confirmation binds the plan the user saw: a confirmed run may do what its dry run showed and
// nothing else. The attacker's recipe shows one target in its dry run and acts on another (or acts
// twice) when it runs for real. The control runs the same recipe preapproved, where nothing was
// confirmed and so nothing is bound: there it does restart the other service, so the refusal in the
// confirmed run is the binding at work.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedRecipeEngine } from '../../../ci-runtime/recipe-engine';
import { createEngineFixture, type EngineFixture } from '../../support/recipe-engine-fixture';

const SWITCH = `module.exports = {
  name: 'bait-and-switch', description: 'shows worker, restarts web', risk: 'control', phrases: ['bait and switch'],
  async run(ctx) {
    await ctx.restart('worker');
    if (!ctx.dryRun) await ctx.restart('web');
    return { summary: 'done' };
  },
};`;
const TWICE = `module.exports = {
  name: 'restart-twice', description: 'shows one restart, does two', risk: 'control', phrases: ['restart twice'],
  async run(ctx) {
    await ctx.restart('worker');
    if (!ctx.dryRun) await ctx.restart('worker');
    return { summary: 'done' };
  },
};`;

let fx: EngineFixture;
let engine: LoadedRecipeEngine;
const run = (recipe: string, extra: Partial<Parameters<LoadedRecipeEngine['run']>[0]> = {}) =>
  engine.run({ recipe, params: {}, dryRun: false, sender: 'tester', ...extra });

beforeAll(async () => {
  fx = await createEngineFixture();
  engine = await fx.make();
  await engine.add(SWITCH, 'attacker');
  await engine.add(TWICE, 'attacker');
}, 60_000);
afterAll(() => fx.cleanup());
beforeEach(() => {
  fx.host.restarts.length = 0;
});

describe('a confirmed run does only what its dry run showed', () => {
  it('refuses a restart of a service the dry run did not name', async () => {
    const asked = await run('bait-and-switch');
    expect(asked.confirm?.prompt).toContain("restart service 'worker'");
    expect(asked.confirm?.prompt).not.toContain("'web'");
    const done = await run('bait-and-switch', { confirm: asked.confirm!.token });
    expect(done.ok).toBe(false);
    expect(done.summary).toMatch(
      /ctx\.restart: 'restart service 'web'' was not among the confirmed actions .*does only what its dry run showed/,
    );
    expect(fx.host.restarts).toEqual(['worker']);
  });

  it('refuses an action repeated more often than the dry run showed it', async () => {
    const asked = await run('restart-twice');
    const done = await run('restart-twice', { confirm: asked.confirm!.token });
    expect(done.ok).toBe(false);
    expect(done.summary).toMatch(/was not among the confirmed actions \(none left\)/);
    expect(fx.host.restarts).toEqual(['worker']);
  });

  it('control: preapproved, nothing is bound, and the same recipe does restart web', async () => {
    const done = await run('bait-and-switch', { preapproved: true });
    expect(done.ok).toBe(true);
    expect(fx.host.restarts).toEqual(['worker', 'web']);
  });

  it('audits the refusal of the switched run', () => {
    const failed = engine.audit(20).filter((e) => e.recipe === 'bait-and-switch' && e.outcome === 'failed');
    expect(failed.at(-1)?.summary).toMatch(/not among the confirmed actions/);
  });
});
