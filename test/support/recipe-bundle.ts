// Bundles the recipe worker (and optionally recipes) with esbuild into a world-readable temp
// directory, the way the image build does, so tests run the real worker as the app user.
import { build } from 'esbuild';
import { chmodSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RECIPE_BUNDLE_OPTIONS, WORKER_BUNDLE_OPTIONS } from '../../ci-runtime/recipe-engine/bundle-options';

/** Where the bundles were written. */
export interface RecipeBundle {
  dir: string;
  workerPath: string;
  recipesDir: string;
}

const ROOT = join(import.meta.dirname, '..', '..');

/** Bundles worker.ts and every recipes/*.ts (when `recipes` is true). */
export async function bundleRecipeAssets({ recipes = true }: { recipes?: boolean } = {}): Promise<RecipeBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'tekton-recipe-bundle-'));
  chmodSync(dir, 0o755);
  const workerPath = join(dir, 'recipe-worker.js');
  await build({
    ...WORKER_BUNDLE_OPTIONS,
    entryPoints: [join(ROOT, 'ci-runtime/recipe-engine/worker.ts')],
    outfile: workerPath,
  });
  const recipesDir = join(dir, 'recipes');
  if (recipes) {
    const files = readdirSync(join(ROOT, 'recipes')).filter((f) => f.endsWith('.ts'));
    for (const file of files) {
      await build({
        ...RECIPE_BUNDLE_OPTIONS,
        entryPoints: [join(ROOT, 'recipes', file)],
        outfile: join(recipesDir, `${basename(file, '.ts')}.js`),
      });
    }
  }
  return { dir, workerPath, recipesDir };
}
