// The plugin object: the command families of this project, assembled for a host (our `aish`
// front-end, or another shell). The families are written in their own folders; this file only
// wires them together.
import { ciFamily, containerCiRoute } from './ci/family';
import { registryPath } from './ci/paths';
import { dockerFamily } from './docker/family';
import { ergonFamily } from './ergon/family';
import { CiRegistry } from './ci/registry-store';
import type { AishPlugin, CommandFamily, Route } from './plugin-api';
import { containerStatusRows, statusFamily, tektonFamily } from './status/family';
import { loadTektonEnv, stateDir, type Env } from './tekton/env';

/** What the plugin may be given by its host; everything defaults to this process's environment. */
export interface PluginDeps {
  env?: Env;
}

/** Name and version the host shows (help, --version). */
export const PLUGIN_NAME = 'tekton-container-ci';
export const PLUGIN_VERSION = '0.1.0';

/** Builds the AishPlugin with every family that exists in this checkout. */
export function createPlugin(deps: PluginDeps = {}): AishPlugin {
  const env = deps.env ?? loadTektonEnv();
  const families: CommandFamily[] = [dockerFamily, ergonFamily, ciFamily, statusFamily, tektonFamily];
  const routes: Route[] = [containerCiRoute];
  return {
    name: PLUGIN_NAME,
    version: PLUGIN_VERSION,
    families,
    routes,
    // Tab completion offers the container CIs the registry knows (read only, no engine call).
    async completeFirstWord() {
      const entries = await new CiRegistry({ path: registryPath(stateDir(env)) }).list();
      return entries.map((e) => e.ci_name);
    },
    hooks: {
      status: () => containerStatusRows(env),
    },
  };
}
