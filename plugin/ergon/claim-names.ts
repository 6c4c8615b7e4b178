// The one door through which a run takes names and run dirs (red team B04): the registry, synced with
// the engine, says who holds each; a second claimant is refused and named before anything is written;
// what is claimed stays reserved until the run has registered its CIs, so two runs cannot both pass.
import { CommandError } from '../plugin-api';
import type { ContainerClient } from '../engine/container-client';
import { describeHeld, type NameWant } from '../registry/name-claims';
import type { CiRegistry } from '../registry/registry-store';
import { syncRegistry } from '../registry/registry-sync';

/**
 * Claims `wants` for `app` (null for a single container); resolves the release, throws naming each
 * holder. `replacing` names a stopped container this run takes over on purpose (a promotion's previous
 * version, which keeps the run dir until the new one is healthy).
 */
export async function claimNames(
  deps: { registry: CiRegistry; containers: ContainerClient },
  wants: NameWant[],
  app: string | null,
  replacing: string[] = [],
): Promise<() => Promise<void>> {
  await syncRegistry(deps.registry, deps.containers);
  const engine = (await deps.containers.list({ all: true }))
    .filter((c) => !replacing.includes(c.name))
    .map((c) => ({ name: c.name, mounts: c.mounts, labels: c.labels }));
  const r = await deps.registry.reserve(wants, { engine, app, replacing });
  if ('held' in r) throw new CommandError(r.held.map(describeHeld).join('\n'));
  return r.release;
}
