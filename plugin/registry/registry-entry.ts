// From an engine container (its given labels and mounts) to a registry entry: pure, so the rebuild
// after corruption, the event follower and `ergon run` all agree on what an entry says. Names come
// only from what the container's creator gave it (given-labels.ts) and the engine's container name.
import { join } from 'node:path';
import { CI_RUN_DIR, LABELS, ciNameFor } from '../../protocol';
import type { ContainerSummary } from '../engine/container-client';
import { hostTokenPathFor } from '../tekton/state-paths';
import { GIVEN_CI_NAME_LABEL, GIVEN_CONTAINER_LABEL } from './given-labels';
import type { CiEntry } from './registry-types';

const SWARM_SERVICE = 'com.docker.swarm.service.name';
const SWARM_SLOT = 'com.docker.swarm.task.name';
const STACK = 'com.docker.stack.namespace';

/** A CI name: a container-name-like word ending in `-container-ci` (never a Tekton component's name). */
export function isCiName(name: string): boolean {
  return name.length <= 200 && /^[A-Za-z0-9][A-Za-z0-9_.-]*-container-ci$/.test(name);
}

/** True when the container was made from an image with the CI baked in (the image may say so). */
export function hasContainerCi(labels: Record<string, string>): boolean {
  return LABELS.ciName in labels || LABELS.manifestHash in labels;
}

/** Who chose the name: ergon run (its own label), Swarm (its task labels) or the container's name. */
export type NameSource = NonNullable<CiEntry['name_from']>;

/** The CI name of a container and who chose it, from its given labels and its name. */
export function ciNameOfContainer(
  c: Pick<ContainerSummary, 'name'>,
  given: Record<string, string>,
): { name: string; from: NameSource } {
  const service = given[SWARM_SERVICE];
  const task = given[SWARM_SLOT];
  if (service && task) {
    // Task names are '<service>.<slot>.<task id>' (replicated) or '<service>.<node id>.<task id>' (global).
    const slot = task.slice(service.length + 1).split('.')[0] ?? '0';
    const stack = given[STACK];
    if (stack && service.startsWith(`${stack}_`)) {
      // A stack service is named '<app>_<container>': its first replica's CI is '<container>-container-ci'.
      const container = service.slice(stack.length + 1);
      return { name: ciNameFor(slot === '1' ? container : `${container}-${slot.slice(0, 12)}`), from: 'swarm' };
    }
    return { name: ciNameFor(`${service.replace(/_/g, '-')}-${slot.slice(0, 12)}`), from: 'swarm' };
  }
  // `ergon run` wrote the one name (resolveCiName) under its own label, for the container name it gave,
  // and told the CI. A container renamed since (a promotion's '<name>-previous') is named after its new name.
  const chosen = given[GIVEN_CI_NAME_LABEL];
  if (chosen && isCiName(chosen) && given[GIVEN_CONTAINER_LABEL] === c.name) return { name: chosen, from: 'ergon' };
  return { name: ciNameFor(c.name), from: 'container' };
}

/** The registry entry for a container with a CI, or null when it has none (or no valid name). */
export function entryFromContainer(
  c: ContainerSummary,
  given: Record<string, string>,
  now: Date = new Date(),
): CiEntry | null {
  if (!hasContainerCi(c.labels)) return null;
  const { name, from } = ciNameOfContainer(c, given);
  if (!isCiName(name)) return null;
  // Only a host folder in our run-dir layout is a run dir: an image's VOLUME /run/tekton-ci is an
  // engine volume the container fills itself, and the host holds no token for it.
  const mount = c.mounts.find(
    (m) => m.destination === CI_RUN_DIR && (m.type ?? 'bind') === 'bind' && hostTokenPathFor(m.source) !== null,
  );
  const swarm = SWARM_SERVICE in given;
  return {
    ci_name: name,
    name_from: from,
    container: c.name,
    container_id: c.id,
    image: c.image,
    project: c.labels[LABELS.project] ?? null,
    app: given[LABELS.app] ?? given[STACK] ?? null,
    manifest_hash: c.labels[LABELS.manifestHash] ?? null,
    endpoint: mount ? { kind: 'socket', path: join(mount.source, 'ci.sock') } : { kind: 'exec', container_id: c.id },
    token_file: mount ? hostTokenPathFor(mount.source) : null,
    state: c.state,
    ports: c.ports.filter((p) => p.public).map((p) => `${p.ip ?? '0.0.0.0'}:${p.public}->${p.private}/${p.type}`),
    source: swarm ? 'swarm' : given['tekton.ergon'] === '1' ? 'ergon' : 'engine',
    updated_at: now.toISOString(),
  };
}
