// From an engine container (its labels and mounts) to a registry entry: pure, so the rebuild after
// corruption, the event follower and `ergon run` all agree on what an entry says.
import { join } from 'node:path';
import { CI_RUN_DIR, LABELS, ciNameFor } from '../../protocol';
import type { ContainerSummary } from '../engine/container-client';
import type { CiEntry } from './registry-types';

const SWARM_SERVICE = 'com.docker.swarm.service.name';
const SWARM_SLOT = 'com.docker.swarm.task.name';
const STACK = 'com.docker.stack.namespace';

/** True when the container was made from an image with the CI baked in. */
export function hasContainerCi(labels: Record<string, string>): boolean {
  return LABELS.ciName in labels || LABELS.manifestHash in labels;
}

/** The CI name of a container: per replica for Swarm tasks, else `<container>-container-ci`. */
export function ciNameOfContainer(c: Pick<ContainerSummary, 'name' | 'labels'>): string {
  const service = c.labels[SWARM_SERVICE];
  const task = c.labels[SWARM_SLOT];
  if (service && task) {
    // Task names are '<service>.<slot>.<task id>' (replicated) or '<service>.<node id>.<task id>' (global).
    const slot = task.slice(service.length + 1).split('.')[0] ?? '0';
    const stack = c.labels[STACK];
    if (stack && service.startsWith(`${stack}_`)) {
      // A stack service is named '<app>_<container>': its first replica's CI is '<container>-container-ci'.
      const container = service.slice(stack.length + 1);
      return ciNameFor(slot === '1' ? container : `${container}-${slot.slice(0, 12)}`);
    }
    return ciNameFor(`${service.replace(/_/g, '-')}-${slot.slice(0, 12)}`);
  }
  // `ergon run` wrote the one name (resolveCiName) on the container and told the CI; a container
  // started another way carries only its image's label, so its name comes from the container's.
  const chosen = c.labels[LABELS.ciName];
  if (c.labels['tekton.ergon'] === '1' && chosen) return chosen;
  return ciNameFor(c.name);
}

/** The registry entry for a container with a CI, or null when it has none. */
export function entryFromContainer(c: ContainerSummary, now: Date = new Date()): CiEntry | null {
  if (!hasContainerCi(c.labels)) return null;
  const mount = c.mounts.find((m) => m.destination === CI_RUN_DIR);
  const swarm = SWARM_SERVICE in c.labels;
  return {
    ci_name: ciNameOfContainer(c),
    container: c.name,
    container_id: c.id,
    image: c.image,
    project: c.labels[LABELS.project] ?? null,
    app: c.labels[LABELS.app] ?? c.labels['com.docker.stack.namespace'] ?? null,
    manifest_hash: c.labels[LABELS.manifestHash] ?? null,
    endpoint: mount ? { kind: 'socket', path: join(mount.source, 'ci.sock') } : { kind: 'exec', container_id: c.id },
    token_file: mount ? join(mount.source, 'token') : null,
    state: c.state,
    ports: c.ports.filter((p) => p.public).map((p) => `${p.ip ?? '0.0.0.0'}:${p.public}->${p.private}/${p.type}`),
    source: swarm ? 'swarm' : c.labels['tekton.ergon'] === '1' ? 'ergon' : 'engine',
    updated_at: now.toISOString(),
  };
}
