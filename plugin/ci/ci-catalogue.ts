// A CI's own catalogue (its intents, recipes, peers and services), asked for tab completion: one
// `catalogue` request with a short timeout, and a few seconds' memory so repeated Tabs ask once.
import type { Catalogue } from '../../protocol';
import { createHostDeps } from '../host';
import type { Env } from '../tekton/env';
import { transportFor } from '../transport/ci-connect';

/** How long completion waits for a CI (docker exec relays need a few hundred ms). */
export const CATALOGUE_TIMEOUT_MS = 800;
const REMEMBER_MS = 10_000;

/** Asks CI `ciName` for its catalogue; null when it is unknown, stopped, slow or answers otherwise. */
export function catalogueAsker(
  env: Env,
  clock: () => number = Date.now,
): (ciName: string, timeoutMs?: number) => Promise<Catalogue | null> {
  const remembered = new Map<string, { at: number; value: Catalogue | null }>();
  return async (ciName, timeoutMs = CATALOGUE_TIMEOUT_MS) => {
    const hit = remembered.get(ciName);
    if (hit && clock() - hit.at < REMEMBER_MS) return hit.value;
    const value = await ask(env, ciName, timeoutMs).catch(() => null);
    remembered.set(ciName, { at: clock(), value });
    return value;
  };
}

async function ask(env: Env, ciName: string, timeoutMs: number): Promise<Catalogue | null> {
  const deps = createHostDeps(env, () => undefined);
  const entry = await deps.registry.find(ciName);
  if (!entry || entry.state !== 'running') return null;
  const reply = await transportFor(entry, deps.containers).request({ type: 'catalogue' }, { timeoutMs });
  return reply.type === 'catalogue_response' ? reply.catalogue : null;
}
