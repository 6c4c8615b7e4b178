// `npm run bench:corpus`: the public example corpus (shared/corpus/nixpacks, 152 apps) as a new user
// would meet it. Every example is planned; every example with an expectation is built (real
// registries, stand-in bases on demand), run, and checked for what it should print, with its
// container CI asked `status`. Per ecosystem: planned / built / ran and printed what was expected,
// and build times. Writes the "Corpus" section of docs/benchmarks.md and the per-app results to
// .cache/bench-corpus.json. Options: --only a,b (examples), --build-timeout s (default 420),
// --resume (skip examples already in the results file).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Docker from 'dockerode';
import { planProject } from '../../plugin/docker/plan-project';
import {
  CORPUS_DIR,
  ecosystemOf,
  readCorpusCases,
  runCorpusApp,
  type CorpusResult,
} from '../../test/docker/corpus/corpus-app';
import { makeTestStateDir } from '../../test/support/state-dir';
import { BENCHMARKS_DOC, describeMachine, replaceSection } from './report';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = join(ROOT, '.cache', 'bench-corpus.json');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      'build-timeout': { type: 'string', default: '420' },
      resume: { type: 'boolean', default: false },
    },
  });
  const docker = new Docker();
  const state = makeTestStateDir('tekton-bench-corpus-');
  const env = { ...state.env };
  const only = values.only ? new Set(values.only.split(',')) : null;
  const cases = new Map(readCorpusCases().map((c) => [c.example, c]));
  const examples = readdirSync(join(CORPUS_DIR, 'examples'))
    .filter((e) => !only || only.has(e))
    .sort();
  const previous: CorpusResult[] =
    values.resume && existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as CorpusResult[]) : [];
  const results = new Map(previous.map((r) => [r.example, r]));
  try {
    for (const example of examples) {
      if (results.has(example) && values.resume) continue;
      const c = cases.get(example);
      let r: CorpusResult;
      if (!c) {
        // No expectation: planned only (what it should print is unknown).
        r = {
          example,
          ecosystem: example.split(/[-_]/)[0]!,
          stage: 'unplanned',
          ok: false,
          buildMs: null,
          error: 'no expectation in expectations.tsv',
          ciStatus: false,
        };
        try {
          const plan = planProject({ target: join(CORPUS_DIR, 'examples', example), env });
          const app = plan.analysis.apps[0]!;
          r = { ...r, stage: 'planned', ecosystem: ecosystemOf(app.language, app.packageManager, example) };
        } catch (e) {
          r.error = (e as Error).message.split('\n')[0]!.slice(0, 200);
        }
      } else {
        process.stderr.write(`${example}: building...\n`);
        r = await runCorpusApp(docker, c, {
          env,
          buildTimeoutMs: Number(values['build-timeout']) * 1000,
          runTimeoutMs: 60_000,
        });
      }
      results.set(example, r);
      process.stderr.write(
        `${example}: ${r.stage}${r.ok ? ' OK' : ''}${r.buildMs ? ` (${(r.buildMs / 1000).toFixed(0)} s)` : ''}${r.error ? ` - ${r.error.slice(0, 200)}` : ''}\n`,
      );
      mkdirSync(dirname(RESULTS), { recursive: true });
      writeFileSync(RESULTS, `${JSON.stringify([...results.values()], null, 2)}\n`);
    }
  } finally {
    state.cleanup();
  }
  writeDoc([...results.values()], readdirSync(join(CORPUS_DIR, 'examples')).length, new Set(cases.keys()));
}

function writeDoc(results: CorpusResult[], total: number, withExpectation: Set<string>): void {
  const by = new Map<string, CorpusResult[]>();
  for (const r of results) by.set(r.ecosystem, [...(by.get(r.ecosystem) ?? []), r]);
  const planned = (rs: CorpusResult[]) => rs.filter((r) => r.stage !== 'unplanned').length;
  const builtN = (rs: CorpusResult[]) => rs.filter((r) => r.buildMs !== null).length;
  const tried = (rs: CorpusResult[]) => rs.filter((r) => cases(r)).length;
  const cases = (r: CorpusResult) => withExpectation.has(r.example);
  const ran = (rs: CorpusResult[]) => rs.filter((r) => r.ok).length;
  const times = (rs: CorpusResult[]) =>
    rs
      .map((r) => r.buildMs)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
  const fmt = (xs: number[]) =>
    xs.length ? `${(xs[Math.floor(xs.length / 2)]! / 1000).toFixed(0)} s / ${(xs.at(-1)! / 1000).toFixed(0)} s` : '-';
  const rows = [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([eco, rs]) =>
        `| ${eco} | ${rs.length} | ${planned(rs)} | ${tried(rs)} | ${builtN(rs)} | ${ran(rs)} | ${fmt(times(rs))} |`,
    );
  const all = results;
  const failures = all
    .filter((r) => cases(r) && !r.ok)
    .map((r) => `- \`${r.example}\` (${r.stage}): ${(r.error ?? '').replace(/\|/g, '/').slice(0, 220)}`);
  const section = [
    '## Corpus',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:corpus\` on ${describeMachine()}, while other work shared the machine.`,
    `The public example corpus (\`shared/corpus/nixpacks\`, ${total} apps; ${withExpectation.size} with an expected output in expectations.tsv): every app planned;`,
    'each app with an expectation built (real registries through the package environment, stand-in bases built on demand), run, its output checked and its container CI asked `status`.',
    `Results in this run: ${all.length} of ${total} apps looked at; planned ${planned(all)}; tried ${tried(all)}; built ${builtN(all)}; ran and printed what was expected ${ran(all)}.`,
    '',
    '| ecosystem | apps | planned | with expectation | built | ran + printed expected | build time p50 / max |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'What failed, and why (first line of the error):',
    '',
    ...failures,
    '',
  ].join('\n');
  const old = existsSync(BENCHMARKS_DOC) ? readFileSync(BENCHMARKS_DOC, 'utf8') : '# Benchmarks\n';
  writeFileSync(BENCHMARKS_DOC, replaceSection(old, 'Corpus', section));
  console.error(`wrote ${BENCHMARKS_DOC}`);
}

main().catch((err: Error) => {
  console.error(`Error: ${err.message}`);
  process.exit(1);
});
