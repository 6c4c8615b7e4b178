// User recipes: validated in the sandbox, refused with reasons, kept on disk, and loaded again by
// a new engine; a project recipe cannot shadow a built-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedRecipeEngine } from '../../../ci-runtime/recipe-engine';
import { createEngineFixture, type EngineFixture } from '../../support/recipe-engine-fixture';

let fx: EngineFixture;
let engine: LoadedRecipeEngine;
const GOOD = `module.exports = {
  name: 'count-services', description: 'Counts the services', risk: 'inspect', phrases: ['count services'],
  params: { extra: { type: 'number', default: 0 } }, applies_to: [],
  async run(ctx, params) { const s = await ctx.services(); return { summary: (s.length + params.extra) + ' services' }; },
};`;

beforeAll(async () => {
  fx = await createEngineFixture();
  mkdirSync(join(fx.state, 'project'), { recursive: true });
  writeFileSync(
    join(fx.state, 'project', 'greet.js'),
    GOOD.replace("'count-services'", "'project-count'").replace("'count services'", "'project count'"),
  );
  writeFileSync(join(fx.state, 'project', 'shadow.js'), GOOD.replace("'count-services'", "'clear-cache'"));
  engine = await fx.make();
}, 60_000);
afterAll(() => fx.cleanup());

describe('user and project recipes', () => {
  it('picks up project recipes and refuses one that shadows a built-in', () => {
    expect(engine.list().find((r) => r.name === 'project-count')?.source).toBe('project');
    expect(engine.list().find((r) => r.name === 'clear-cache')?.source).toBe('builtin');
    expect(engine.problems().join('\n')).toMatch(/shadow\.js: a builtin recipe named 'clear-cache' already exists/);
  });

  it('adds a valid recipe, keeps it (0600) and runs it', async () => {
    const info = await engine.add(GOOD, 'tester');
    expect(info).toMatchObject({
      name: 'count-services',
      risk: 'inspect',
      source: 'user',
      params: { extra: { type: 'number', default: 0 } },
    });
    const file = join(fx.state, 'user', 'count-services.js');
    expect(readFileSync(file, 'utf8')).toBe(GOOD);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const result = await engine.run({
      recipe: 'count-services',
      params: { extra: '2' },
      dryRun: false,
      sender: 'tester',
    });
    expect(result).toMatchObject({ ok: true, summary: '6 services' });
    expect(engine.match('count services please')).toBe('count-services');
    expect(engine.audit(10).some((e) => e.outcome === 'added' && e.recipe === 'count-services')).toBe(true);
  });

  it('loads kept user recipes in a new engine', async () => {
    // Adds its own recipe, so that it holds alone and in any order.
    await engine.add(
      GOOD.replace("'count-services'", "'kept-count'").replace("'count services'", "'kept count'"),
      'tester',
    );
    const again = await fx.make();
    expect(again.list().find((r) => r.name === 'kept-count')?.source).toBe('user');
  });

  it('refuses invalid recipes with the reasons, keeping nothing', async () => {
    await expect(engine.add('module.exports = { name: "Bad Name", run() {} };', 'tester')).rejects.toThrow(
      /name must match.*description must be.*risk must be one of/,
    );
    await expect(engine.add('this is not javascript', 'tester')).rejects.toThrow(/could not be loaded in the sandbox/);
    await expect(engine.add(GOOD.replace("'count-services'", "'clear-cache'"), 'tester')).rejects.toThrow(
      /a builtin recipe is already named 'clear-cache'/,
    );
    await expect(engine.add(GOOD.replace("risk: 'inspect'", "risk: 'root'"), 'tester')).rejects.toThrow(
      /risk must be one of inspect, control, destructive/,
    );
    await expect(engine.add('x'.repeat(300_000), 'tester')).rejects.toThrow(/at most 262144 bytes/);
    await expect(
      engine.add(
        'module.exports = { name: "spin", description: "d", risk: "inspect", phrases: [], params: {}, get run() { for (;;) {} } };',
        'tester',
      ),
    ).rejects.toThrow(/time limit/);
    expect(existsSync(join(fx.state, 'user', 'spin.js'))).toBe(false);
    expect(existsSync(join(fx.state, 'user', 'clear-cache.js'))).toBe(false);
  }, 40_000);
});
