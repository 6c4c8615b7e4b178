// Builds dist/tekton-ci/, everything a generated image needs under /opt/tekton-ci/: the bundled
// ci-runtime.js, the recipe worker and recipes, the pinned Node LTS from npm (scripts/ci-node.ts,
// not the host's Node) made independent of the image's libc (glibc and the C++ runtime under lib/,
// interpreter and rpath pointing there), and tini. Deterministic (same inputs, same bytes) and skipped when the inputs did not change.
// Run: npx tsx scripts/build-ci-assets.ts [outDir]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { CI_NODE_RELEASE, fetchCiNode } from './ci-node';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the image will hold these files; the copied Node's interpreter and rpath point here. */
const CI_LIB = '/opt/tekton-ci/lib';
const LIBS = [
  'ld-linux-x86-64.so.2',
  'libc.so.6',
  'libm.so.6',
  'libdl.so.2',
  'libpthread.so.0',
  'libstdc++.so.6',
  'libgcc_s.so.1',
];
const LIB_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib64'];
const TINI = '/usr/bin/tini-static';
/** The static launcher that starts the CI and its tools with a clean environment (see its header). */
const CLEAN_EXEC_SOURCE = join(ROOT, 'ci-runtime', 'clean-exec', 'clean-exec.c');
/** Where a static C library lives when gcc can link one (Debian's libc6-dev). */
const STATIC_LIBC = ['/usr/lib/x86_64-linux-gnu/libc.a', '/usr/lib64/libc.a', '/usr/lib/libc.a'];
const STAMP = '.inputs-sha256';
/** libpg_query compiled to WebAssembly, shipped beside the SQL judge. */
const PG_QUERY_WASM = join(ROOT, 'node_modules', 'libpg-query', 'wasm', 'libpg-query.wasm');

/** Options of buildCiAssets; everything defaults to this checkout and this machine. */
export interface BuildCiAssetsOptions {
  outDir?: string;
  /** The Node binary to ship (default: the pinned release from npm, see scripts/ci-node.ts). */
  nodeBinary?: string;
  /** Rebuild even when the inputs are unchanged. */
  force?: boolean;
  log?: (line: string) => void;
}

/** What was built, and whether the build was skipped as up to date. */
export interface BuildCiAssetsResult {
  outDir: string;
  skipped: boolean;
  files: string[];
  inputsHash: string;
}

/** Builds (or confirms up to date) the CI assets; throws with what is missing and how to get it. */
export async function buildCiAssets({
  outDir = join(ROOT, 'dist', 'tekton-ci'),
  nodeBinary,
  force = false,
  log = () => {},
}: BuildCiAssetsOptions = {}): Promise<BuildCiAssetsResult> {
  const patchelf = findTool('patchelf');
  if (!patchelf)
    throw new Error(
      "patchelf is not installed; it is needed to make the shipped Node independent of the image's libc. Install it: apt-get install -y patchelf",
    );
  if (!existsSync(TINI))
    throw new Error(
      `${TINI} is missing; it is the init (PID 1) of every generated image. Install it: apt-get install -y tini`,
    );
  const gcc = findTool('gcc');
  if (!gcc || !STATIC_LIBC.some((p) => existsSync(p)))
    throw new Error(
      "gcc and a static libc are needed to build clean-exec, the static launcher that keeps the image's environment away from the CI's root processes. Install them: apt-get install -y gcc libc6-dev",
    );
  const node = realpathSync(nodeBinary ?? fetchCiNode({ log }));
  // What this Node release links against (Node 26 added libatomic), on top of the usual set.
  const needed = execFileSync(patchelf, ['--print-needed', node], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const libs = [...new Set([...LIBS, ...needed])].map((name) => ({ name, path: findLib(name) }));
  const recipeEntries = listRecipes();
  const workerEntry = join(ROOT, 'ci-runtime', 'recipe-engine', 'worker.ts');
  const judgeEntry = join(ROOT, 'ci-runtime', 'recipe-engine', 'sql-judge-main.ts');
  const inputsHash = hashInputs(
    [node, TINI, gcc, ...libs.map((l) => l.path), fileURLToPath(import.meta.url), PG_QUERY_WASM],
    `${esbuildVersion} ${CI_NODE_RELEASE.version}`,
  );
  const stampPath = join(outDir, STAMP);
  if (
    !force &&
    existsSync(stampPath) &&
    readFileSync(stampPath, 'utf8') === inputsHash &&
    existsSync(join(outDir, 'ci-runtime.js')) &&
    existsSync(join(outDir, 'node'))
  ) {
    log(`tekton-ci assets up to date in ${outDir}`);
    return { outDir, skipped: true, files: listFiles(outDir), inputsHash };
  }
  // Build beside the target and swap it in at the end, so a reader never sees a half-built tree.
  const finalDir = outDir;
  outDir = `${finalDir}.tmp-${process.pid}`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'lib'), { recursive: true });
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node26',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    absWorkingDir: ROOT,
  };
  await build({
    ...common,
    entryPoints: [join(ROOT, 'ci-runtime', 'main.ts')],
    outfile: join(outDir, 'ci-runtime.js'),
  });
  await build({
    ...common,
    entryPoints: [join(ROOT, 'ci-runtime', 'tool-main.ts')],
    outfile: join(outDir, 'ci-tool.js'),
  });
  if (existsSync(workerEntry)) {
    const { WORKER_BUNDLE_OPTIONS } = await import('../ci-runtime/recipe-engine/bundle-options');
    await build({
      ...WORKER_BUNDLE_OPTIONS,
      minify: true,
      legalComments: 'none',
      absWorkingDir: ROOT,
      entryPoints: [workerEntry],
      outfile: join(outDir, 'recipe-worker.js'),
    });
  }
  // The SQL judge (PostgreSQL's parser as WebAssembly) in a folder of its own: the judge process
  // may read that folder and nothing else. The loader finds the .wasm beside its script.
  mkdirSync(join(outDir, 'sql-judge'), { recursive: true });
  await build({ ...common, entryPoints: [judgeEntry], outfile: join(outDir, 'sql-judge', 'sql-judge.js') });
  copyFileSync(PG_QUERY_WASM, join(outDir, 'sql-judge', 'libpg-query.wasm'));
  if (recipeEntries.length) {
    const { RECIPE_BUNDLE_OPTIONS } = await import('../ci-runtime/recipe-engine/bundle-options');
    mkdirSync(join(outDir, 'recipes'), { recursive: true });
    for (const entry of recipeEntries) {
      const name = entry.replace(/\.ts$/, '.js');
      await build({
        ...RECIPE_BUNDLE_OPTIONS,
        absWorkingDir: ROOT,
        entryPoints: [join(ROOT, 'recipes', entry)],
        outfile: join(outDir, 'recipes', name),
      });
    }
  }
  for (const lib of libs) copyFileSync(lib.path, join(outDir, 'lib', lib.name));
  copyFileSync(node, join(outDir, 'node'));
  chmodSync(join(outDir, 'node'), 0o755);
  // --force-rpath writes DT_RPATH (searched for the libraries' own dependencies too), not RUNPATH.
  execFileSync(patchelf, [
    '--set-interpreter',
    `${CI_LIB}/ld-linux-x86-64.so.2`,
    '--force-rpath',
    '--set-rpath',
    CI_LIB,
    join(outDir, 'node'),
  ]);
  // The bundles are CommonJS; say so, so that a parent package.json with "type": "module" (this
  // repository's, when run from dist/) cannot make Node read them as ES modules.
  writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  copyFileSync(TINI, join(outDir, 'tini'));
  chmodSync(join(outDir, 'tini'), 0o755);
  buildCleanExec(join(outDir, 'clean-exec'), gcc);
  writeFileSync(join(outDir, STAMP), inputsHash);
  rmSync(finalDir, { recursive: true, force: true });
  renameSync(outDir, finalDir);
  log(`tekton-ci assets built in ${finalDir}`);
  return { outDir: finalDir, skipped: false, files: listFiles(finalDir), inputsHash };
}

/** Compiles clean-exec, statically: no loader, so it never obeys the image's LD_PRELOAD or LD_LIBRARY_PATH. */
export function buildCleanExec(outFile: string, gcc = findTool('gcc') ?? 'gcc'): void {
  execFileSync(gcc, ['-static', '-Os', '-s', '-Wall', '-Wextra', '-Werror', '-o', outFile, CLEAN_EXEC_SOURCE], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  chmodSync(outFile, 0o755);
}

function findTool(name: string): string | null {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return null;
}

function findLib(name: string): string {
  for (const dir of LIB_DIRS) {
    const p = join(dir, name);
    if (existsSync(p)) return realpathSync(p);
  }
  throw new Error(
    `${name} not found in ${LIB_DIRS.join(', ')}; the shipped Node needs it. This script expects a glibc x86-64 Linux host.`,
  );
}

function listRecipes(): string[] {
  const dir = join(ROOT, 'recipes');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .sort();
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|js|json|c)$/.test(entry.name)) out.push(p);
  }
  return out.sort();
}

// Sources by content; big binaries (node, libs) by path, size and mtime, which change when they do.
function hashInputs(binaries: string[], esbuild: string): string {
  const h = createHash('sha256').update(`esbuild ${esbuild}\n`);
  for (const file of [
    ...sourceFiles(join(ROOT, 'ci-runtime')),
    ...sourceFiles(join(ROOT, 'protocol')),
    ...sourceFiles(join(ROOT, 'recipes')),
  ]) {
    h.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const bin of binaries) {
    const st = statSync(bin);
    h.update(`${bin} ${st.size} ${st.mtimeMs}\n`);
  }
  const vm2 = join(ROOT, 'node_modules', 'vm2', 'package.json');
  if (existsSync(vm2)) h.update(readFileSync(vm2));
  return h.digest('hex');
}

function listFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p, base));
    else out.push(relative(base, p));
  }
  return out.sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Usage: build-ci-assets.ts [outDir] [--force]; flags are never taken for the output folder.
  const outArg = process.argv.slice(2).find((a) => !a.startsWith('-'));
  buildCiAssets({
    outDir: outArg ? resolve(outArg) : undefined,
    force: process.argv.includes('--force'),
    log: (l) => console.log(l),
  })
    .then((r) =>
      console.log(`${r.skipped ? 'unchanged' : 'built'}: ${r.files.length} files, inputs ${r.inputsHash.slice(0, 12)}`),
    )
    .catch((err: Error) => {
      console.error(`Error: ${err.message}`);
      process.exit(1);
    });
}
