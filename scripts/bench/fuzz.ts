// Fuzzing benchmark (npm run bench:fuzz): the container CI's NDJSON protocol on a real container,
// then `aish ui`'s HTTP API on a real server, with seeded generated inputs (FUZZ_SEED=<n> replays a
// run; FUZZ_NDJSON_INPUTS and FUZZ_HTTP_REQUESTS size it). Traffic goes to loopback and the bench's
// own container only. Prints the table and writes it into docs/benchmarks.md ("Security: fuzzing");
// inputs that did something wrong are saved under .cache/fuzz/<seed>/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCiPart, worldOf } from './fuzz/ci-part';
import { fuzzRows } from './fuzz/fuzz-report';
import { Findings, type Tally } from './fuzz/fuzz-tally';
import { removeTarget, startTarget, type FuzzTarget } from './fuzz/fuzz-target';
import { SeededRandom, seedFrom } from './fuzz/seeded-random';
import { runUiPart, type UiPartHandles } from './fuzz/ui-part';
import { markdownTable, writeBenchSection } from './report';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const log = (line: string) => process.stderr.write(`${line}\n`);

function size(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name}='${process.env[name]}' is not a whole number; unset it for ${fallback}`);
  return n;
}

async function main(): Promise<void> {
  const seed = seedFrom(process.env);
  log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const rnd = new SeededRandom(seed);
  const ciPlan = {
    inputs: size('FUZZ_NDJSON_INPUTS', 6000),
    batch: 200,
    concurrency: 8,
    replyBoundMs: 15_000,
    concurrent: 2000,
    slowloris: 600,
    holdMs: 8000,
    noReadBytes: 64 << 20,
    subscriptions: 100_000,
  };
  const uiPlan = {
    requests: size('FUZZ_HTTP_REQUESTS', 3000),
    batch: 100,
    concurrency: 8,
    boundMs: 10_000,
    concurrent: 300,
    slow: 100,
    holdMs: 8000,
  };
  execFileSync('npx', ['tsx', 'scripts/bundle.ts'], { cwd: ROOT, stdio: 'inherit' });
  const stateDir = mkdtempSync(join(tmpdir(), 'fz-'));
  const findings = new Findings(join(ROOT, '.cache', 'fuzz', String(seed)));
  const tallies = new Map<string, Tally>();
  const handles: UiPartHandles = { engine: null, ui: null };
  let target: FuzzTarget | null = null;
  const started = performance.now();
  try {
    target = await startTarget({ root: ROOT, stateDir });
    const world = await worldOf(target);
    log(`target ${target.name}: services ${world.services.join(', ')}; recipes ${world.recipes.join(', ')}`);
    const ci = await runCiPart(target, world, rnd, ciPlan, tallies, findings, log);
    const ciSeconds = (performance.now() - started) / 1000;
    const ui = await runUiPart(
      { root: ROOT, stateDir, target, recipes: world.recipes },
      rnd,
      uiPlan,
      handles,
      tallies,
      findings,
      log,
    );
    const seconds = (performance.now() - started) / 1000;
    const rows = fuzzRows(tallies, ci, ui, findings.summary());
    process.stdout.write(`${markdownTable(rows, 'notes')}\n`);
    for (const f of findings.list.slice(0, 50)) log(`${f.what.slice(0, 400)}${f.file ? ` [${f.file}]` : ''}`);
    writeBenchSection({
      title: 'Security: fuzzing',
      script: 'bench:fuzz',
      third: 'notes',
      rows,
      notes: [
        `Seed ${seed} (\`FUZZ_SEED=${seed} npm run bench:fuzz\` replays it); ${ciPlan.inputs} NDJSON inputs and ${uiPlan.requests} HTTP requests, in ${seconds.toFixed(0)} s (the CI part ${ciSeconds.toFixed(0)} s).`,
      ],
    });
  } finally {
    await handles.ui?.stop();
    await handles.engine?.stop();
    await removeTarget(target);
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`Error: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
