// Fuzzing benchmark (npm run bench:fuzz): the container CI's NDJSON protocol on a real container,
// then `aish ui`'s HTTP API on a real server, with seeded generated inputs (FUZZ_SEED=<n> replays a
// run; FUZZ_NDJSON_INPUTS and FUZZ_HTTP_REQUESTS size it; FUZZ_CLASSES=long-line,many-lines sends only
// those NDJSON classes and FUZZ_PARTS=ci or ui runs one part, to chase a finding; only a run of both
// parts and every class writes the doc). Traffic goes to loopback and the bench's
// own container only. Prints the table and writes it into docs/benchmarks.md ("Security: fuzzing");
// inputs that did something wrong are saved under .cache/fuzz/<seed>/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCiPart, worldOf } from './fuzz/ci-part';
import { fuzzNotes, fuzzRows } from './fuzz/fuzz-report';
import { Findings, type Tally } from './fuzz/fuzz-tally';
import { removeTarget, startTarget, type FuzzTarget } from './fuzz/fuzz-target';
import { INPUT_CLASSES, type InputClass } from './fuzz/ndjson-inputs';
import { STALL_MS } from '../../ci-runtime/server/connection';
import { SeededRandom, seedFrom } from './fuzz/seeded-random';
import { runUiPart, type UiPartHandles } from './fuzz/ui-part';
import { markdownTable, writeBenchSection } from './report';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const log = (line: string) => process.stderr.write(`${line}\n`);

function classesFrom(list: string | undefined): InputClass[] | undefined {
  if (!list) return undefined;
  const names = list.split(',').map((c) => c.trim());
  const unknown = names.filter((c) => !(INPUT_CLASSES as readonly string[]).includes(c));
  if (unknown.length)
    throw new Error(`FUZZ_CLASSES: unknown ${unknown.join(', ')}; known: ${INPUT_CLASSES.join(', ')}`);
  return names as InputClass[];
}

function size(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name}='${process.env[name]}' is not a whole number; unset it for ${fallback}`);
  return n;
}

// The first few findings of each kind, with the file that holds the input.
function printFindings(findings: Findings): void {
  const shown = new Map<string, number>();
  for (const f of findings.list) {
    const kind = f.what.slice(0, f.what.indexOf(':'));
    shown.set(kind, (shown.get(kind) ?? 0) + 1);
    if (shown.get(kind)! <= 3) log(`${f.what.slice(0, 400)}${f.file ? ` [${f.file}]` : ''}`);
  }
}

async function main(): Promise<void> {
  const seed = seedFrom(process.env);
  log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
  const rnd = new SeededRandom(seed);
  const ciPlan = {
    inputs: size('FUZZ_NDJSON_INPUTS', 4000),
    batch: 200,
    concurrency: 8,
    replyBoundMs: 15_000,
    concurrent: 2000,
    slowloris: 600,
    holdMs: 8000,
    noReadBytes: 64 << 20,
    cutWithinMs: STALL_MS + 10_000,
    subscriptions: 100_000,
    classes: classesFrom(process.env.FUZZ_CLASSES),
  };
  const parts = (process.env.FUZZ_PARTS ?? 'ci,ui').split(',');
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
    const ci = parts.includes('ci') ? await runCiPart(target, world, rnd, ciPlan, tallies, findings, log) : null;
    const ciSeconds = (performance.now() - started) / 1000;
    const ui = parts.includes('ui')
      ? await runUiPart(
          { root: ROOT, stateDir, target, recipes: world.recipes },
          rnd,
          uiPlan,
          handles,
          tallies,
          findings,
          log,
        )
      : null;
    const seconds = (performance.now() - started) / 1000;
    const rows = fuzzRows(tallies, ci, ui, findings.summary());
    process.stdout.write(`${markdownTable(rows, 'notes')}\n`);
    printFindings(findings);
    if (ci && ui && !ciPlan.classes)
      writeBenchSection({
        title: 'Security: fuzzing',
        script: 'bench:fuzz',
        third: 'notes',
        rows,
        notes: fuzzNotes({ seed, ndjson: ciPlan.inputs, http: uiPlan.requests, seconds, ciSeconds }),
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
