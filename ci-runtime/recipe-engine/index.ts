// The recipe engine's public face for the CI server: createRecipeEngine(...) → RecipeEngine.
export { createRecipeEngine, type RecipeEngineOptions, type LoadedRecipeEngine } from './engine';
export type { RecipeEngine, RecipeHost, RunRequest, RunResult } from './types';
export type { RecipeContext, RecipeModule, RecipeMeta } from './recipe-api';
export { RECIPE_BUNDLE_OPTIONS, WORKER_BUNDLE_OPTIONS } from './bundle-options';
