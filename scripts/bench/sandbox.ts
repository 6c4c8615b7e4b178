// Compares the recipe sandbox candidates, vm2 (in use) and QuickJS (quickjs-emscripten, WebAssembly,
// no native addon), on the CI's own Node (the pinned LTS): worker start-up (process spawn to
// answer), engine load, one sandbox, describing the built-in recipes, the recipe API (async ctx
// calls) and the escape corpus (test/unit/recipes/escapes). Same prelude, same recipes, same calls.
// Run: npm run bench:sandbox   (prints a Markdown table for docs/benchmarks.md)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { RECIPE_BUNDLE_OPTIONS } from '../../ci-runtime/recipe-engine/bundle-options';
import { SANDBOX_PRELUDE } from '../../ci-runtime/recipe-engine/sandbox-prelude';
import { ciNode } from '../../test/support/ci-node';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

// A recipe that uses the API the way real ones do: awaits, parallel calls, logs, data.
const API_RECIPE = `module.exports = { name: 'api-probe', description: 'exercises ctx', risk: 'inspect', phrases: ['api probe'],
  async run(ctx, params) {
    const services = await ctx.services();
    const [pong, disk] = await Promise.all([ctx.redis('cache', 'PING'), ctx.disk('/')]);
    ctx.log('checked ' + services.length + ' services');
    for (let i = 0; i < params.n; i++) await ctx.sleep(1);
    return { summary: services.map((s) => s.name + ':' + s.health).join(',') + ' ' + pong + ' ' + disk.free_bytes, data: { n: params.n } };
  } };`;
const ANSWERS = {
  services: [
    { name: 'web', health: 'healthy' },
    { name: 'cache', health: 'healthy' },
  ],
  redis: 'PONG',
  disk: { free_bytes: 42 },
  sleep: null,
};

async function corpus(): Promise<string> {
  const recipes = [];
  for (const file of readdirSync(join(ROOT, 'recipes'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()) {
    const out = await build({ ...RECIPE_BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'recipes', file)], write: false });
    recipes.push({ name: file, source: out.outputFiles[0]!.text });
  }
  const dir = join(ROOT, 'test/unit/recipes/escapes');
  const harness = readFileSync(join(ROOT, 'test/unit/recipes/escape-harness.js'), 'utf8');
  const escapes = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => ({ name: f, source: `${harness}\n${readFileSync(join(dir, f), 'utf8')}` }));
  return JSON.stringify({ prelude: SANDBOX_PRELUDE, recipes, escapes, api: API_RECIPE, answers: ANSWERS });
}

interface DriverResult {
  engine: string;
  moduleMs: number;
  sandboxMs: number;
  describeMs: number;
  apiMs: number;
  rssMb: number;
  described: { name: string; ok: boolean; error?: string }[];
  apiResult: { ok: boolean; summary?: string; error?: string };
  escapes: { name: string; escaped: boolean; outcome: string }[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'tekton-bench-sandbox-'));
  const { execPath, nodeVersion } = ciNode();
  try {
    const file = join(work, 'corpus.json');
    writeFileSync(file, await corpus());
    const rows: string[] = [];
    const details: string[] = [];
    for (const engine of ['vm2', 'quickjs']) {
      const driver = join(ROOT, 'scripts/bench/sandbox', `driver-${engine}.cjs`);
      const runs: (DriverResult & { wallMs: number })[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        const out = execFileSync(execPath, [driver, file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1048576 });
        runs.push({ ...(JSON.parse(out) as DriverResult), wallMs: performance.now() - t0 });
      }
      const startups: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        execFileSync(execPath, [driver, file, 'startup'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1048576 });
        startups.push(performance.now() - t0);
      }
      const last = runs[runs.length - 1]!;
      const m = (k: 'wallMs' | 'moduleMs' | 'sandboxMs' | 'describeMs' | 'apiMs' | 'rssMb') =>
        median(runs.map((r) => r[k])).toFixed(1);
      const described = `${last.described.filter((d) => d.ok).length}/${last.described.length}`;
      const escaped = last.escapes.filter((e) => e.escaped).map((e) => e.name);
      rows.push(
        `| ${engine} | ${median(startups).toFixed(1)} | ${m('wallMs')} | ${m('moduleMs')} | ${m('sandboxMs')} | ${m('describeMs')} | ${described} | ${m('apiMs')} | ${last.apiResult.ok ? 'same result' : `fails: ${last.apiResult.error}`} | ${escaped.length}/${last.escapes.length} | ${m('rssMb')} |`,
      );
      details.push(`${engine}: api → ${JSON.stringify(last.apiResult)}`);
      for (const d of last.described.filter((x) => !x.ok))
        details.push(`${engine}: describe ${d.name} failed: ${d.error}`);
      for (const e of last.escapes)
        details.push(`${engine}: ${e.name}: ${e.escaped ? 'ESCAPED' : 'contained'} (${e.outcome})`);
    }
    console.log(`Sandbox comparison on Node ${nodeVersion}, median of ${RUNS} runs (ms unless noted)\n`);
    console.log(
      '| engine | worker start-up (spawn → first describe → exit) | whole run | engine load | one sandbox | describe built-ins | described | API recipe | API | escapes that reached the host | RSS MB |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows) console.log(r);
    console.log(`\n${details.join('\n')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`Error: ${err.message}`);
  process.exit(1);
});
