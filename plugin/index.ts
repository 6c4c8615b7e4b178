// The plugin object: the command families of this project, assembled for a host (our `aish`
// front-end, or another shell). The families are written in their own folders; this file only
// wires them together.
import { catalogueAsker } from './ci/ci-catalogue';
import { ciFamily, containerCiRoute } from './ci/family';
import { createHostDeps } from './host';
import { CiMonitor } from './monitor/monitor';
import { registryPath } from './tekton/state-paths';
import { containerFamily } from './container/family';
import { dockerFamily } from './docker/family';
import { ergonFamily } from './ergon/family';
import { CiRegistry } from './registry/registry-store';
import type { AishPlugin, CommandFamily, Route } from './plugin-api';
import { containerStatusRows, statusFamily, tektonFamily } from './status/family';
import { loadTektonEnv, stateDir, type Env } from './tekton/env';
import { uiFamily } from './ui/ui-command';

/** What the plugin may be given by its host; everything defaults to this process's environment. */
export interface PluginDeps {
  env?: Env;
  /** Starts the host's Hermes sender when needed (given by the aish program, which can re-run itself). */
  ensureSender?: () => Promise<unknown>;
}

/** Name and version the host shows (help, --version). */
export const PLUGIN_NAME = 'tekton-container-ci';
export const PLUGIN_VERSION = '0.1.0';

/** Builds the AishPlugin with every family that exists in this checkout. */
export function createPlugin(deps: PluginDeps = {}): AishPlugin {
  const env = deps.env ?? loadTektonEnv();
  const families: CommandFamily[] = [
    dockerFamily,
    ergonFamily,
    containerFamily,
    ciFamily,
    statusFamily,
    tektonFamily,
    uiFamily,
  ];
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
    // After a CI's name, Tab offers what that CI itself knows (asked briefly, else the fixed intents).
    ciCatalogue: catalogueAsker(env),
    hooks: {
      status: () => containerStatusRows(env),
      replStart: async (io) => {
        const stopMonitor = startBackgroundMonitor(env, io.notify);
        // CIs started while the shell is open get their sender within 20 s, whoever started them.
        const ensure = deps.ensureSender;
        const timer = ensure
          ? setInterval(() => {
              void ensure();
            }, 20_000)
          : null;
        timer?.unref();
        void ensure?.();
        return async () => {
          if (timer) clearInterval(timer);
          await stopMonitor();
        };
      },
    },
  };
}

/**
 * The REPL's background monitor: container starts, exits and CI health changes appear above the
 * prompt as `[monitor] ...` lines. It starts without holding up the prompt; AISH_MONITOR=off
 * turns it off. Hermes heartbeats are the host sender's job (monitor/hermes-sender.ts), not the shell's.
 */
export function startBackgroundMonitor(env: Env, notify: (line: string) => void): () => Promise<void> {
  if (env.AISH_MONITOR === 'off' || env.AISH_MONITOR === '0') return async () => undefined;
  const monitor = new CiMonitor({
    deps: createHostDeps(env, () => undefined),
    notify: (line) => notify(`[monitor] ${line}`),
  });
  const started = monitor.start().then(
    () => {
      notify(`[monitor] watching ${monitor.watched().length} container CIs (AISH_MONITOR=off to silence)`);
    },
    (error: unknown) => {
      notify(`[monitor] not started: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  return async () => {
    // Leaving the shell must not wait on an engine that does not answer.
    await Promise.race([started, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await Promise.race([monitor.stop(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  };
}
