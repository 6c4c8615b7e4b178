// Finds a container CI by CI name, container name or id prefix; when the registry does not know it,
// syncs from the engine once (it may have been started with plain `docker run`).
import { CommandError } from '../plugin-api';
import type { HostDeps } from '../host';
import { syncRegistry } from './registry-sync';
import type { CiEntry } from './registry-types';

/** The registry entry for `name`, or a CommandError listing the known CIs. */
export async function resolveCi(deps: HostDeps, name: string): Promise<CiEntry> {
  const found = await deps.registry.find(name);
  if (found) return found;
  try {
    await syncRegistry(deps.registry, deps.containers);
  } catch (err) {
    throw new CommandError(
      `No container CI named '${name}' in ${deps.registry.path}, and the Docker engine could not be asked (${(err as Error).message})`,
      { cause: err },
    );
  }
  const again = await deps.registry.find(name);
  if (again) return again;
  const known = (await deps.registry.list()).map((e) => e.ci_name);
  throw new CommandError(
    `No container CI named '${name}'; known: ${known.join(', ') || '(none)'}. Start one with 'aish ergon run <image>'`,
  );
}
