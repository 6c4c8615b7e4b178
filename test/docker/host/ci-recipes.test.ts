// ci recipe add / recipes / run (dry run and for real) / logs against a real container CI.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ergonFamily } from '../../../plugin/ergon/family';
import { ciFamily } from '../../../plugin/ci/family';
import { runSub } from './support/run-command';
import { hostFixture, cleanup } from './support/host-fixture';
import { eventually } from '../../support/eventually';

const NAME = `hrc-${process.pid}`;
const CI = `${NAME}-container-ci`;

describe('ci recipes, run, recipe add, logs', () => {
  let f: ReturnType<typeof hostFixture>;
  beforeAll(async () => {
    f = hostFixture();
    expect((await runSub(ergonFamily, 'run', { args: [f.image], options: { name: NAME }, env: f.env })).status).toBe(0);
    // The CI answers before its recipe engine has loaded; wait for the recipes to be there.
    await eventually(async () => (await runSub(ciFamily, 'recipes', { args: [CI], env: f.env })).status === 0, {
      timeoutMs: 20_000,
      what: 'recipe engine loaded',
    });
  });
  afterAll(() => cleanup(f.stateDir, [NAME]));

  it('adds a user recipe from a file, lists it and runs it', async () => {
    const file = join(f.stateDir, 'count-services.js');
    writeFileSync(
      file,
      `module.exports = {
  name: 'count-services', description: 'Counts the services', risk: 'inspect', phrases: ['count services'],
  params: {}, applies_to: [],
  async run(ctx) { const s = await ctx.services(); return { summary: 'services: ' + s.length, data: { n: s.length } }; },
};\n`,
    );
    const added = await runSub(ciFamily, 'recipe', { args: ['add', CI, file], env: f.env });
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/Added recipe count-services \(inspect\)/);
    const list = await runSub(ciFamily, 'recipes', { args: [CI], env: f.env });
    expect(list.stdout).toMatch(/count-services\s+inspect\s+user/);
    const run = await runSub(ciFamily, 'run', { args: [CI, 'count-services'], env: f.env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/services: 2/);
  });

  it('a control recipe dry-runs without confirmation and is refused for real without a TTY', async () => {
    const dry = await runSub(ciFamily, 'run', {
      args: [CI, 'restart-workers'],
      options: { 'dry-run': true },
      env: f.env,
    });
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^\[dry run\]/);
    const refused = await runSub(ciFamily, 'run', { args: [CI, 'restart-workers'], env: f.env });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/Error: .*--yes/);
    const done = await runSub(ciFamily, 'run', { args: [CI, 'restart-workers'], options: { yes: true }, env: f.env });
    expect(done.status, done.stderr).toBe(0);
  });

  it('bad recipe parameters and unknown CIs are usage/command errors that name the problem', async () => {
    expect((await runSub(ciFamily, 'run', { args: [CI, 'count-services', 'oops'], env: f.env })).stderr).toMatch(
      /'oops' is not key=value/,
    );
    const unknown = await runSub(ciFamily, 'recipes', { args: ['nope-container-ci'], env: f.env });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/No container CI named 'nope-container-ci'; known: .*hrc-/);
  });

  it("ci logs shows a service's output as the CI captured it", async () => {
    const r = await eventually(
      async () => {
        const l = await runSub(ciFamily, 'logs', { args: [CI], options: { lines: '20' }, env: f.env, json: true });
        return l.status === 0 ? JSON.parse(l.stdout) : null;
      },
      { timeoutMs: 10_000, what: 'logs reply' },
    );
    expect(r.type).toBe('logs_response');
    expect(Array.isArray(r.lines)).toBe(true);
  });
});
