// Builds a recipe engine for tests: the real worker (bundled), the built-in recipes, a temporary
// state directory, and a host double; Redis calls go to a recorder unless a real client is given.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecipeEngine, type LoadedRecipeEngine, type RecipeEngineOptions } from '../../ci-runtime/recipe-engine';
import { bundleRecipeAssets, type RecipeBundle } from './recipe-bundle';
import { ciNode } from './ci-node';
import { createHostDouble, type HostDouble } from './recipe-host-double';

/** An engine and what its doubles recorded. */
export interface EngineFixture {
  bundle: RecipeBundle;
  state: string;
  host: HostDouble;
  redisCalls: string[][];
  make(extra?: Partial<RecipeEngineOptions>): Promise<LoadedRecipeEngine>;
  cleanup(): void;
}

/** Bundles once; `make` creates engines sharing the same state directory. */
export async function createEngineFixture(): Promise<EngineFixture> {
  const bundle = await bundleRecipeAssets();
  const state = mkdtempSync(join(tmpdir(), 'tekton-recipe-state-'));
  chmodSync(state, 0o755);
  mkdirSync(join(state, 'cwd'), { mode: 0o555 });
  const host = createHostDouble();
  const redisCalls: string[][] = [];
  return {
    bundle,
    state,
    host,
    redisCalls,
    make: (extra = {}) =>
      createRecipeEngine({
        host,
        builtinDir: bundle.recipesDir,
        projectDir: join(state, 'project'),
        userDir: join(state, 'user'),
        auditPath: join(state, 'audit.log'),
        workerPath: bundle.workerPath,
        workDir: join(state, 'cwd'),
        ...ciNode(),
        execArgv: [],
        defaultTimeoutMs: 10_000,
        describeTimeoutMs: 5000,
        deps: {
          redis: async (args) => {
            redisCalls.push(args);
            if (args[0] === 'INFO')
              return '# Memory\r\nused_memory:1048576\r\nused_memory_rss:4194304\r\nmem_fragmentation_ratio:4.0\r\n';
            if (args[0] === 'DBSIZE') return 12;
            return 'OK';
          },
          processTreeRss: () => ({ processes: 2, rss_bytes: 300 * 1048576 }),
          ...extra.deps,
        },
        ...(({ deps: _deps, ...rest }) => rest)(extra),
      }),
    cleanup: () => {
      rmSync(bundle.dir, { recursive: true, force: true });
      rmSync(state, { recursive: true, force: true });
    },
  };
}
