// Bundles the shipped entry points with esbuild, so the installed `aish` and `tekton` start fast
// and never run through tsx: plugin/cli/aish.ts → dist/aish.js, plugin/cli/tekton.ts →
// dist/tekton.js; then the container-CI assets (scripts/build-ci-assets.ts → dist/tekton-ci).
// Skips what is up to date.
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** Options of `bundle`. */
export interface BundleOptions {
  /** Repository root (default: the parent of scripts/). */
  root?: string;
  /** Rebuild even when the outputs are newer than the inputs. */
  force?: boolean;
  log?: (line: string) => void;
  /** Also build the container-CI assets (default true; the terminal tests need only dist/aish.js). */
  assets?: boolean;
}

/** Entry points and where they go. */
export const ENTRIES = [
  { in: 'plugin/cli/aish.ts', out: 'dist/aish.js' },
  { in: 'plugin/cli/tekton.ts', out: 'dist/tekton.js' },
] as const;

// Native modules (and ssh2, which loads an optional native addon) stay in node_modules, and so do grpc-js (the build session) and
// dockerode: its BuildKit session loads .proto files relative to its own folder at run time.
const EXTERNAL = ['cpu-features', 'ssh2', 'dockerode', '@grpc/grpc-js', '*.node'];
// ESM output still meets CommonJS dependencies that call require() on Node built-ins.
const BANNER =
  "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

/** Builds dist/ when stale; resolves what was built. */
export async function bundle(opts: BundleOptions = {}): Promise<string[]> {
  const root = opts.root ?? resolve(fileURLToPath(import.meta.url), '..', '..');
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const built: string[] = [];
  const hostInputs = newest(root, ['plugin', 'protocol', 'package.json', 'package-lock.json', 'scripts/bundle.ts']);
  const entries = ENTRIES.filter((e) => existsSync(join(root, e.in)));
  const stale = opts.force || entries.some((e) => mtime(join(root, e.out)) < hostInputs);
  if (stale && entries.length) {
    const result = await build({
      absWorkingDir: root,
      write: false,
      entryPoints: entries.map((e) => ({ in: e.in, out: e.out.replace(/^dist\//, '').replace(/\.js$/, '') })),
      outdir: join(root, 'dist'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      banner: { js: BANNER },
      external: EXTERNAL,
      logLevel: 'warning',
      legalComments: 'none',
    });
    // Write each file to a temporary name and rename it over the old one: an aish started meanwhile
    // (another engineer's test, the demo) reads the old bundle or the new one, never half of one.
    mkdirSync(join(root, 'dist'), { recursive: true });
    for (const file of result.outputFiles) {
      const tmp = `${file.path}.${process.pid}.tmp`;
      writeFileSync(tmp, file.contents, { mode: 0o755 });
      chmodSync(tmp, 0o755);
      renameSync(tmp, file.path);
    }
    built.push(...entries.map((e) => e.out));
    log(`bundle: built ${entries.map((e) => e.out).join(', ')}`);
  }
  if (opts.assets !== false && (await buildAssets(root, opts, log))) built.push('dist/tekton-ci');
  return built;
}

async function buildAssets(root: string, opts: BundleOptions, log: (line: string) => void): Promise<boolean> {
  const script = join(root, 'scripts', 'build-ci-assets.ts');
  if (!existsSync(script)) {
    log('bundle: scripts/build-ci-assets.ts is not there yet; container-CI assets skipped');
    return false;
  }
  // buildCiAssets keeps its own hash of its inputs and skips when nothing changed (~5 ms).
  const mod = (await import(pathToFileURL(script).href)) as {
    buildCiAssets?: (o: { outDir: string; force?: boolean }) => Promise<{ skipped?: boolean }>;
  };
  if (typeof mod.buildCiAssets !== 'function') {
    throw new Error(`${script} exports no buildCiAssets({outDir}); the container-CI assets cannot be built`);
  }
  const result = await mod.buildCiAssets({ outDir: join(root, 'dist', 'tekton-ci'), force: opts.force });
  if (result?.skipped) return false;
  log('bundle: built dist/tekton-ci');
  return true;
}

/** Newest modification time among files under the given paths (0 when none exist). */
export function newest(root: string, paths: string[]): number {
  let max = 0;
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules') visit(join(p, name));
    } else if (st.mtimeMs > max) max = st.mtimeMs;
  };
  for (const p of paths) visit(join(root, p));
  return max;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  bundle({ force: process.argv.includes('--force') }).catch((error: unknown) => {
    process.stderr.write(`Error: bundling failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
