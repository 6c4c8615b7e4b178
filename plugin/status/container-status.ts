// The rows `tekton status` shows for container CIs: probe every CI and ask Hermes (once, bounded)
// which are registered.
import type { StatusRow } from '../plugin-api';
import { collectCiRows } from '../monitor/ci-rows';
import { createHostDeps, type HostDeps } from '../host';
import { loadTektonEnv, componentUrl } from '../tekton/env';
import { HermesClient } from '../tekton/hermes-client';
import { statusRowOf } from './status-rows';

/** Names Hermes lists (any health), or an empty set when it does not answer. */
export async function hermesNames(env: Record<string, string | undefined>, timeoutMs = 1500): Promise<Set<string>> {
  try {
    const { components } = await new HermesClient(componentUrl('hermes', env), { timeoutMs }).components(true);
    return new Set(components.map((c) => String(c.component_id ?? c.name)));
  } catch {
    return new Set();
  }
}

/** Status rows of every container CI (the spine's `tekton` wrapper merges these into Tekton's). */
export async function containerStatusRows(env: Record<string, string | undefined> = loadTektonEnv(), deps: HostDeps = createHostDeps(env, () => undefined)): Promise<StatusRow[]> {
  const [{ rows }, registered] = await Promise.all([collectCiRows(deps), hermesNames(env)]);
  return rows.map((r) => statusRowOf(r, registered.has(r.entry.ci_name)));
}
