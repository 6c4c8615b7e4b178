// `npm run bench:plan-corpus`: plans every app of the nixpacks example corpus (read-only) and prints
// how many each ecosystem gets planned, refused as unsupported, or failed; `--write` records the
// table in docs/benchmarks.md ("Planner on the nixpacks corpus"; other sections are kept).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryTree } from '../../plugin/docker/analysis/project-tree';
import { lintDockerfile } from '../../plugin/docker/dockerfile/lint-dockerfile';
import { planProjectFrom } from '../../plugin/docker/plan-project';
import { ecosystemOf, findCorpus, listFiles } from '../../test/support/corpus-ecosystem';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS =
  findCorpus(ROOT) ??
  (() => {
    throw new Error('nixpacks corpus not found: set TEKTON_CORPUS_DIR to its examples/ folder');
  })();

/** One app's outcome. */
interface Outcome {
  app: string;
  ecosystem: string;
  outcome: 'planned' | 'unsupported' | 'wrong' | 'failed';
  detail: string;
}

/** Plans one corpus folder from an in-memory copy of its files (nothing is written to it). */
function planOne(dir: string): Outcome {
  const app = dir.split('/').pop()!;
  const files = listFiles(dir);
  const contents: Record<string, string> = {};
  for (const f of files) {
    try {
      contents[f] = readFileSync(join(dir, f), 'utf8');
    } catch {
      /* unreadable: absent */
    }
  }
  const eco = ecosystemOf(files, (f) => contents[f] ?? '');
  try {
    const plan = planProjectFrom(memoryTree(contents), { name: app });
    const langs = plan.summary.apps.map((a) => a.language);
    const lint = plan.apps.flatMap((a) =>
      lintDockerfile(a.buildDockerfile).map((l) => `${a.app.dir || '.'}:${l.line} ${l.rule}`),
    );
    if (lint.length)
      return {
        app,
        ecosystem: eco.name,
        outcome: 'failed',
        detail: `generated Dockerfile fails the lint: ${lint.join(', ')}`,
      };
    const ok = eco.language !== null && langs.includes(eco.language);
    return {
      app,
      ecosystem: eco.name,
      outcome: ok ? 'planned' : 'wrong',
      detail: `${plan.summary.apps.map((a) => `${a.language}/${a.framework ?? '-'}: ${a.start}`).join('; ')}`,
    };
  } catch (err) {
    const msg = (err as Error).message;
    const refused =
      (/unsupported:/.test(msg) && eco.language === null) || (!eco.code && /no way to start it/.test(msg));
    return { app, ecosystem: eco.name, outcome: refused ? 'unsupported' : 'failed', detail: msg };
  }
}

const outcomes = readdirSync(CORPUS)
  .sort()
  .map((d) => planOne(join(CORPUS, d)));
const byEco = new Map<string, Record<Outcome['outcome'], number>>();
for (const o of outcomes) {
  const row = byEco.get(o.ecosystem) ?? { planned: 0, unsupported: 0, wrong: 0, failed: 0 };
  row[o.outcome]++;
  byEco.set(o.ecosystem, row);
}
const lines = [
  '| ecosystem | apps | planned | refused, saying why | wrong language | failed |',
  '|---|---|---|---|---|---|',
];
for (const [eco, r] of [...byEco].sort())
  lines.push(
    `| ${eco} | ${r.planned + r.unsupported + r.wrong + r.failed} | ${r.planned} | ${r.unsupported} | ` +
      `${r.wrong} | ${r.failed} |`,
  );
const total = (k: Outcome['outcome']) => outcomes.filter((o) => o.outcome === k).length;
lines.push(
  `| **all** | ${outcomes.length} | ${total('planned')} | ${total('unsupported')} | ` +
    `${total('wrong')} | ${total('failed')} |`,
);
console.log(lines.join('\n'));
for (const o of outcomes.filter((x) => x.outcome !== 'planned' || process.argv.includes('--all')))
  console.log(`${o.outcome.padEnd(11)} ${o.app.padEnd(42)} ${o.detail.slice(0, 200)}`);

if (process.argv.includes('--write')) {
  const doc = join(ROOT, 'docs', 'benchmarks.md');
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
  const section = [
    '## Planner on the nixpacks corpus',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC` +
      ' by `npm run bench:plan-corpus -- --write`:' +
      ` \`aish docker plan\` over the ${outcomes.length} apps of`,
    'the nixpacks example suite (`../shared/corpus/nixpacks/examples`). ' +
      "The ecosystem comes from each folder's marker files",
    '(test/support/corpus-ecosystem.ts), not from the planner; "unsupported" is a clear refusal for a toolchain ' +
      'this machine',
    'cannot have (or "no way to start it" for a folder with no code). A plan also needs a lint-clean Dockerfile.',
    'The same check runs in `test/unit/docker/nixpacks-corpus.test.ts`.',
    'Before this planner (main at a78814f, same check, planned from disk): 122 planned, 30 "found no deployable app".',
    'The count hides most of the change: SPAs now get a real static server with fallback, frameworks their own',
    'output and start (Next standalone/export, Nuxt, Astro, SvelteKit, Remix, React Router, Angular), workspace',
    'members build from the workspace root, libraries are skipped, TypeScript without a build script is compiled.',
    '',
    ...lines,
    '',
  ].join('\n');
  const re = /## Planner on the nixpacks corpus\n[\s\S]*?(?=\n## |$)/;
  writeFileSync(doc, re.test(text) ? text.replace(re, `${section.trimEnd()}\n`) : `${text.trimEnd()}\n\n${section}`);
  console.log(`wrote ${doc}`);
}
