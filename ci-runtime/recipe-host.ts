// The powers the CI lends to the recipe engine (RecipeHost), backed by the supervisor's state.
import type { Manifest } from '../protocol';
import type { RecipeHost } from './recipe-engine/types';

/** Builds the RecipeHost from the CI's own views and actions. */
export function createRecipeHost(parts: {
  services: RecipeHost['services'];
  container: RecipeHost['container'];
  restart: RecipeHost['restartService'];
  logs: RecipeHost['logs'];
  manifest: Manifest;
  names: string[];
}): RecipeHost {
  return {
    services: parts.services,
    container: parts.container,
    restartService: parts.restart,
    logs: parts.logs,
    manifestApplications: () =>
      Object.fromEntries(
        parts.names.map((n) => {
          const a = parts.manifest.applications[n]!;
          return [
            n,
            {
              type: a.type,
              port: a.port,
              framework: a.framework,
              ...(a.cache !== undefined ? { cache: a.cache } : {}),
            },
          ];
        }),
      ),
  };
}
