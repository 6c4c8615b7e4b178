// `npm run bench:docker`: how fast `aish docker` plans and builds, and what the CI adds to an image.
// Plan time for a small project (examples/myapp) and a 20,000-file tree (target ≤ 1 s); cold build
// (no layer cache), no-change rebuild, source-only rebuild of examples/myapp on the local Python
// base; the size of the CI layer. Prints a table and writes the "Docker" section of
// docs/benchmarks.md (other sections are kept). Every Docker object carries tekton.test=1 and is
// removed at the end, except the shared CI assets image (a cache, like the base images).
// `--ecosystems`: cold / no-change / source-only builds for one corpus app of each ecosystem
// (the "Docker per ecosystem" section).
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { readProjectTree } from '../../plugin/docker/analysis/read-project-tree';
import { buildProject } from '../../plugin/docker/build-project';
import { planProject } from '../../plugin/docker/plan-project';
import { loadTektonEnv } from '../../plugin/tekton/env';
import { sharedStateDir } from '../../plugin/tekton/shared-state';
import { baseImageMapPath } from '../../plugin/tekton/state-paths';
import { BENCHMARKS_DOC, describeMachine, replaceSection, writeBenchSection } from './report';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(fn: () => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** A Node project with `n` source files spread over nested folders, plus ignored noise. */
function makeBigTree(dir: string, n: number): void {
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'big', scripts: { start: 'node server.js' }, dependencies: { express: '4' } }),
  );
  writeFileSync(join(dir, 'server.js'), "require('express')().listen(3000);\n");
  writeFileSync(join(dir, '.gitignore'), 'build/\n');
  for (let i = 0; i < n; i++) {
    const sub = join(dir, 'src', `m${Math.floor(i / 500)}`, `s${Math.floor(i / 50) % 10}`);
    if (i % 50 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.js`), `export const v${i} = ${i};\n`);
  }
  mkdirSync(join(dir, 'build'), { recursive: true });
  for (let i = 0; i < 2000; i++) writeFileSync(join(dir, 'build', `out${i}.js`), 'x');
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`);
const fmtMb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(): Promise<void> {
  const docker = new Docker();
  const rows: Array<[string, string, string]> = [];
  const scratch = mkdtempSync(join(tmpdir(), 'tekton-bench-docker-'));
  const benchState = join(scratch, 'state');
  const realEnv = { ...loadTektonEnv() };
  delete realEnv.TEKTON_STATE_DIR;
  const realMap = baseImageMapPath(sharedStateDir(realEnv));
  mkdirSync(dirname(baseImageMapPath(benchState)), { recursive: true });
  if (existsSync(realMap)) cpSync(realMap, baseImageMapPath(benchState));
  const env = { ...process.env, TEKTON_STATE_DIR: benchState };
  const images: string[] = [];
  try {
    const small = timeIt(() => planProject({ target: join(ROOT, 'examples', 'myapp'), env }), 7);
    rows.push(['plan, examples/myapp (7×)', `p50 ${fmtMs(median(small))}`, `max ${fmtMs(Math.max(...small))}`]);

    const big = join(scratch, 'big');
    mkdirSync(big);
    makeBigTree(big, 20_000);
    const files = readProjectTree(big).files.length;
    const bigTimes = timeIt(() => planProject({ target: big, env }), 3);
    rows.push([
      `plan, 20,000-file tree (${files} files after .gitignore, 3×)`,
      `p50 ${fmtMs(median(bigTimes))}`,
      `max ${fmtMs(Math.max(...bigTimes))} (target ≤ 1 s)`,
    ]);

    const project = join(scratch, `tekton-bench-myapp-${process.pid}`);
    cpSync(join(ROOT, 'examples', 'myapp'), project, { recursive: true });
    const labels = { 'tekton.test': '1' };
    let t0 = performance.now();
    const cold = (await buildProject({ target: project, env, docker, labels, noCache: true })).images[0]!;
    const coldMs = performance.now() - t0;
    images.push(...cold.tags);
    rows.push([
      'cold build, examples/myapp (no layer cache; apt-get from the Debian mirror)',
      fmtMs(coldMs),
      `${cold.builder}, ${cold.builtSteps.filter((s) => /RUN|COPY/.test(s)).length} RUN/COPY steps run`,
    ]);

    t0 = performance.now();
    const again = (await buildProject({ target: project, env, docker, labels })).images[0]!;
    const againMs = performance.now() - t0;
    rows.push([
      'no-change rebuild',
      fmtMs(againMs),
      `same tag: ${again.image === cold.image}; ${again.builtSteps.filter((s) => /RUN|COPY/.test(s)).length} RUN/COPY steps run`,
    ]);

    appendFileSync(join(project, 'app', 'main.py'), '\n# bench: a source-only change\n');
    t0 = performance.now();
    const src = (await buildProject({ target: project, env, docker, labels })).images[0]!;
    const srcMs = performance.now() - t0;
    images.push(...src.tags);
    const reused = src.cachedSteps.filter((s) => /pip install|apt-get/.test(s)).length;
    rows.push([
      'source-only rebuild (app/main.py changed)',
      fmtMs(srcMs),
      `dependency steps reused: ${reused}/2; run: ${src.builtSteps
        .filter((s) => /RUN|COPY/.test(s))
        .join(', ')
        .replace(/\|/g, '/')
        .slice(0, 90)}`,
    ]);

    const image = await docker.getImage(cold.image).inspect();
    const assetsTag = `tekton-ci-assets:${image.Config.Labels?.['tekton.ci.version'] ?? ''}`;
    const assets = await docker
      .getImage(assetsTag)
      .inspect()
      .catch(() => null);
    const base = await docker
      .getImage('tekton-local/python:3.11')
      .inspect()
      .catch(() => null);
    rows.push([
      'image size the CI adds (the /opt/tekton-ci layer)',
      assets ? fmtMb(assets.Size) : 'unknown',
      `whole image ${fmtMb(image.Size)}${base ? `, base ${fmtMb(base.Size)}` : ''}`,
    ]);
    const duOut = execFileSync('du', ['-sb', join(ROOT, 'dist', 'tekton-ci')], { encoding: 'utf8' });
    rows.push([
      'dist/tekton-ci on disk',
      fmtMb(Number(duOut.split('\t')[0])),
      'node binary + its libc/libstdc++, tini, ci-runtime.js, recipes',
    ]);
  } finally {
    for (const ref of images)
      await docker
        .getImage(ref)
        .remove({ force: true })
        .catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log(rows.map((r) => r.join(' | ')).join('\n'));
  writeDoc(rows);
}

function writeDoc(rows: Array<[string, string, string]>): void {
  writeBenchSection({
    title: 'Docker',
    script: 'bench:docker',
    third: 'notes',
    rows,
    notes: [
      'Builds go through the Engine API (BuildKit) onto the local Python base (tekton-local/python:3.11, via the base-image map); the project is a copy of examples/myapp.',
      'Targets (issue #4): plan of a 20,000-file tree ≤ 1 s; a no-change rebuild fully cached; a source-only change reuses the dependency layers.',
    ],
  });
}

/** One app per ecosystem (from the public corpus) and the source file a source-only change touches. */
const ECOSYSTEM_APPS: Array<{ ecosystem: string; example: string; source: string }> = [
  { ecosystem: 'Python (pip)', example: 'python', source: 'main.py' },
  { ecosystem: 'Python (poetry)', example: 'python-poetry', source: 'main.py' },
  { ecosystem: 'Node (npm + TypeScript build)', example: 'node-npm', source: 'index.ts' },
  { ecosystem: 'Node (yarn 1)', example: 'node-yarn', source: 'index.ts' },
  { ecosystem: 'Bun', example: 'node-bun', source: 'index.ts' },
  { ecosystem: 'Go', example: 'go-gin', source: 'main.go' },
  { ecosystem: 'PHP', example: 'php-vanilla', source: 'index.php' },
  { ecosystem: 'static site', example: 'staticfile', source: 'site/index.html' },
];

/** Cold build, no-change rebuild and source-only rebuild for one app of each ecosystem (issue 10 item 5). */
async function perEcosystem(
  docker: Docker,
  env: Record<string, string | undefined>,
  scratch: string,
  images: string[],
): Promise<string[][]> {
  const { CORPUS_DIR } = await import('../../test/docker/corpus/corpus-app');
  const rows: string[][] = [];
  const labels = { 'tekton.test': '1' };
  const steps = (xs: string[]) => xs.filter((x) => /^\[[^\]]+\] (RUN|COPY)/.test(x));
  for (const app of ECOSYSTEM_APPS) {
    const project = join(scratch, `tekton-bench-${app.example}`);
    cpSync(join(CORPUS_DIR, 'examples', app.example), project, { recursive: true });
    try {
      // A first build makes any stand-in base (not measured: that is once per machine).
      images.push(...(await buildProject({ target: project, env, docker, labels })).images[0]!.tags);
      let t0 = performance.now();
      const cold = (await buildProject({ target: project, env, docker, labels, noCache: true })).images[0]!;
      const coldMs = performance.now() - t0;
      t0 = performance.now();
      const again = (await buildProject({ target: project, env, docker, labels })).images[0]!;
      const againMs = performance.now() - t0;
      appendFileSync(
        join(project, app.source),
        app.source.endsWith('.html')
          ? '\n<!-- bench -->\n'
          : app.source.endsWith('.php')
            ? '\n<?php // bench ?>\n'
            : '\n// bench\n'.replace('//', app.source.endsWith('.py') ? '#' : '//'),
      );
      t0 = performance.now();
      const src = (await buildProject({ target: project, env, docker, labels })).images[0]!;
      const srcMs = performance.now() - t0;
      images.push(...src.tags);
      const depReused = steps(src.cachedSteps).filter((x) =>
        /install|download|dependency|apt-get|pip |npm |pnpm |bun /.test(x),
      ).length;
      rows.push([
        app.ecosystem,
        `\`${app.example}\``,
        fmtMs(coldMs),
        `${fmtMs(againMs)} (${again.image === cold.image ? 'same tag' : 'NEW TAG'}, ${steps(again.builtSteps).length} steps run)`,
        `${fmtMs(srcMs)} (${depReused} dependency steps reused; ${steps(src.builtSteps).length} run)`,
      ]);
    } catch (error) {
      rows.push([
        app.ecosystem,
        `\`${app.example}\``,
        `failed: ${(error as Error).message.split('\n')[0]!.replace(/\|/g, '/').slice(0, 120)}`,
        '-',
        '-',
      ]);
    }
    console.error(rows.at(-1)!.join(' | '));
  }
  return rows;
}

function writeEcosystemDoc(rows: string[][]): void {
  const title = 'Docker per ecosystem';
  const section = [
    `## ${title}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:docker -- --ecosystems\` on ${describeMachine()}, while other work shared the machine.`,
    'One app of each ecosystem from the public corpus, built with its real dependencies from the real registries (package environment as BuildKit secrets) on local stand-in bases.',
    'Cold: no layer cache (apt, dependencies, build all run). No-change: the same build again (must be fully cached, same tag). Source-only: one source file changed (dependency layers must be reused).',
    '',
    '| ecosystem | app | cold build | no-change rebuild | source-only rebuild |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
  const old = existsSync(BENCHMARKS_DOC) ? readFileSync(BENCHMARKS_DOC, 'utf8') : '# Benchmarks\n';
  writeFileSync(BENCHMARKS_DOC, replaceSection(old, title, section));
  console.error(`wrote ${BENCHMARKS_DOC}`);
}

async function ecosystemsMain(): Promise<void> {
  const docker = new Docker();
  const scratch = mkdtempSync(join(tmpdir(), 'tekton-bench-eco-'));
  const benchState = join(scratch, 'state');
  const realEnv = { ...loadTektonEnv() };
  delete realEnv.TEKTON_STATE_DIR;
  const realMap = baseImageMapPath(sharedStateDir(realEnv));
  mkdirSync(dirname(baseImageMapPath(benchState)), { recursive: true });
  if (existsSync(realMap)) cpSync(realMap, baseImageMapPath(benchState));
  const images: string[] = [];
  try {
    writeEcosystemDoc(await perEcosystem(docker, { ...process.env, TEKTON_STATE_DIR: benchState }, scratch, images));
  } finally {
    for (const ref of images)
      await docker
        .getImage(ref)
        .remove({ force: true })
        .catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  }
}

(process.argv.includes('--ecosystems') ? ecosystemsMain() : main()).catch((err: Error) => {
  console.error(`Error: ${err.message}`);
  process.exit(1);
});
