// esbuild options for the recipe assets, shared by scripts/build-ci-assets.ts and the tests.
// Recipes must come out as CommonJS with no imports left: the sandbox has no require and reads
// `module.exports` (or its `default`).

/** Options for each recipes/<name>.ts → /opt/tekton-ci/recipes/<name>.js. */
export const RECIPE_BUNDLE_OPTIONS = {
  bundle: true,
  format: 'cjs',
  platform: 'neutral',
  target: 'es2022',
  logLevel: 'silent',
} as const;

/** Options for ci-runtime/recipe-engine/worker.ts → /opt/tekton-ci/recipe-worker.js (vm2 inlined). */
export const WORKER_BUNDLE_OPTIONS = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node26',
  logLevel: 'silent',
} as const;
