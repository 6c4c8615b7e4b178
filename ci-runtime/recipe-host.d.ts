import type { Manifest } from '../protocol';
import type { RecipeHost } from './recipe-engine/types';
/** Builds the RecipeHost from the CI's own views and actions. */
export declare function createRecipeHost(parts: {
    services: RecipeHost['services'];
    container: RecipeHost['container'];
    restart: RecipeHost['restartService'];
    logs: RecipeHost['logs'];
    manifest: Manifest;
    names: string[];
}): RecipeHost;
