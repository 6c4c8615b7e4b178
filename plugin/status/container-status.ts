// The rows `tekton status` shows for container CIs: probe every CI and ask Hermes (once, bounded)
// which are registered.
import type { StatusRow } from '../plugin-api';
import { collectCiRows } from '../monitor/ci-rows';
import { createHostDeps, type HostDeps } from '../host';
import { loadTektonEnv, componentUrl } from '../tekton/env';
import { HermesClient } from '../tekton/hermes-client';
import { statusRowOf } from './status-rows';

/** What Hermes said: the names it lists (any health), or why it could not say (one line). */
export interface HermesView {
  names: Set<string>;
  error: string | null;
}

/** Asks Hermes which components it holds; never throws. */
export async function hermesView(env: Record<string, string | undefined>, timeoutMs = 3000): Promise<HermesView> {
  try {
    const { components } = await new HermesClient(componentUrl('hermes', env), { timeoutMs }).components(false);
    return { names: new Set(components.map((c) => String(c.component_id ?? c.name))), error: null };
  } catch (err) {
    return { names: new Set(), error: (err as Error).message };
  }
}

/** Names Hermes lists (any health), or an empty set when it does not answer. */
export async function hermesNames(env: Record<string, string | undefined>, timeoutMs = 3000): Promise<Set<string>> {
  return (await hermesView(env, timeoutMs)).names;
}

/** Container CI rows plus what went wrong asking Hermes (null when it answered). */
export async function containerStatus(
  env: Record<string, string | undefined>,
  deps: HostDeps = createHostDeps(env, () => undefined),
): Promise<{ rows: StatusRow[]; hermesError: string | null }> {
  const [{ rows }, hermes] = await Promise.all([collectCiRows(deps), hermesView(env)]);
  return { rows: rows.map((r) => statusRowOf(r, hermes.names.has(r.entry.ci_name))), hermesError: hermes.error };
}

/** Status rows of every container CI (the spine's `tekton` wrapper merges these into Tekton's). */
export async function containerStatusRows(
  env: Record<string, string | undefined> = loadTektonEnv(),
  deps?: HostDeps,
): Promise<StatusRow[]> {
  return (await containerStatus(env, deps)).rows;
}
