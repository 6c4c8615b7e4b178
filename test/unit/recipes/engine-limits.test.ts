// Limits enforced from outside the sandbox, and the worker's identity: a busy loop is killed at its
// time limit while the engine keeps answering; a memory hog is killed; the worker runs as the app
// user (when the tests run as root) with a clean environment and an empty working directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import type { LoadedRecipeEngine } from '../../../ci-runtime/recipe-engine';
import { WORKER_UID } from '../../../protocol';
import { createEngineFixture, type EngineFixture } from '../../support/recipe-engine-fixture';

let fx: EngineFixture;
let engine: LoadedRecipeEngine;
const recipe = (name: string, body: string, extra = '') =>
  `module.exports = { name: '${name}', description: 'test', risk: 'inspect', phrases: [], params: {}, applies_to: [], ${extra} async run(ctx) { ${body} } };`;

beforeAll(async () => {
  fx = await createEngineFixture();
  engine = await fx.make({ rssLimitMb: 200 });
  await engine.add(recipe('runaway', 'while (true) {}', 'timeout_s: 2,'), 'tester');
  await engine.add(recipe('hog', 'const a = []; for (;;) a.push(new Array(1e6).fill(1));', 'timeout_s: 20,'), 'tester');
  await engine.add(recipe('whoami', 'await ctx.services(); return "ok";'), 'tester');
}, 60_000);
afterAll(() => fx.cleanup());

// Finds the running worker process in /proc and reads who it is.
function workerIdentity(workerPath: string): { uid: number; env: string[]; cwd: string } | null {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(workerPath)) continue;
      const uid = Number(/Uid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
      const cwd = readdirSync(`/proc/${pid}/cwd`);
      return { uid, env, cwd: cwd.join(',') };
    } catch {
      // the process ended between listing and reading
    }
  }
  return null;
}

describe('recipe limits and worker identity', () => {
  it('kills a busy loop at its time limit while another recipe still runs and answers', async () => {
    const runaway = engine.run({ recipe: 'runaway', params: {}, dryRun: false, sender: 'tester' });
    let runawaySettled = false;
    void runaway.then(() => {
      runawaySettled = true;
    });
    const other = await engine.run({ recipe: 'tail-logs', params: { lines: 1 }, dryRun: false, sender: 'tester' });
    expect(other.ok).toBe(true);
    expect(runawaySettled).toBe(false);
    expect(engine.list().length).toBeGreaterThan(0);
    const killed = await runaway;
    expect(killed.ok).toBe(false);
    expect(killed.summary).toMatch(/killed at its time limit of 2000 ms/);
    expect(engine.audit(5).some((e) => e.recipe === 'runaway' && e.outcome === 'killed')).toBe(true);
  });

  it('kills a recipe that eats memory (heap limit or RSS watch)', async () => {
    const result = await engine.run({ recipe: 'hog', params: {}, dryRun: false, sender: 'tester' });
    expect(result.ok).toBe(false);
    expect(result.summary).toMatch(/memory limit|exited|heap/i);
  });

  it('runs the worker as its own user with a clean environment and an empty working directory', async () => {
    let seen: ReturnType<typeof workerIdentity> = null;
    const engineWithProbe = await fx.make({
      host: {
        ...fx.host,
        services: () => {
          seen = workerIdentity(fx.bundle.workerPath);
          return fx.host.services();
        },
      },
    });
    const result = await engineWithProbe.run({ recipe: 'whoami', params: {}, dryRun: false, sender: 'tester' });
    expect(result.ok).toBe(true);
    expect(seen).not.toBeNull();
    const identity = seen as unknown as { uid: number; env: string[]; cwd: string };
    // As root the worker drops to its own UID (not the app's); a non-root run keeps its own UID (it cannot drop).
    expect(identity.uid).toBe(process.getuid?.() === 0 ? WORKER_UID : process.getuid?.());
    // NODE_CHANNEL_* is Node's own IPC channel description, nothing secret.
    expect(identity.env.filter((e) => !e.startsWith('NODE_CHANNEL_')).sort()).toEqual([
      'LANG=C.UTF-8',
      'PATH=/usr/local/bin:/usr/bin:/bin',
    ]);
    expect(identity.cwd).toBe('');
  });
});
