// Builds the recipe fixture image: the CI assets (scripts/build-ci-assets.ts), the fixture app,
// a project recipe and the Postgres and Redis probes, from a temporary build context.
import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildCiAssets } from '../../../scripts/build-ci-assets';
import { docker } from '../ci-runtime/support';

const ROOT = resolve(import.meta.dirname, '../../..');
export const RECIPE_IMAGE = 'tekton-test/recipes-fixture:latest';

/** Builds (or rebuilds) the fixture image and returns its tag. */
export async function buildRecipeImage(tag = RECIPE_IMAGE): Promise<string> {
  if (!(await docker(['images', '-q', 'tekton-local/python:3.11'])))
    await docker(['tag', 'tekton-local/python:build', 'tekton-local/python:3.11']);
  const assets = await buildCiAssets();
  const ctx = mkdtempSync(join(tmpdir(), 'tekton-recipes-fixture-'));
  try {
    cpSync(join(import.meta.dirname, 'fixtures'), ctx, { recursive: true });
    cpSync(assets.outDir, join(ctx, 'tekton-ci'), { recursive: true });
    for (const probe of ['pg', 'redis']) {
      await build({
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node26',
        logLevel: 'silent',
        entryPoints: [join(ROOT, `test/support/recipe-${probe}-probe.ts`)],
        outfile: join(ctx, `${probe}-probe.js`),
      });
    }
    // Host network for the build only: apt-get reaches Debian's mirror even when docker0 is absent.
    await docker(['build', '-q', '--network', 'host', '--label', 'tekton.test=1', '-t', tag, ctx]);
    return tag;
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}
