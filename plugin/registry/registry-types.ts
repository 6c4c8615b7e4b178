// The registry of container CIs: what one entry says and how the file looks on disk.
import type { NameReservation } from './name-claims';

/** How the host reaches a container CI. */
export type CiEndpoint =
  | { kind: 'socket'; path: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'exec'; container_id: string };

/** One container CI. */
export interface CiEntry {
  ci_name: string;
  container: string;
  container_id: string;
  image: string;
  project: string | null;
  app: string | null;
  manifest_hash: string | null;
  endpoint: CiEndpoint;
  /** Who chose the name: ergon run's own label, Swarm's task labels, or the container's name. */
  name_from?: 'ergon' | 'swarm' | 'container';
  /** Host path of the host's own copy of the token (outside every mount), when the CI has a run dir. */
  token_file: string | null;
  /** Engine state when last seen: running, exited, created, ... */
  state: string;
  ports: string[];
  /** 'ergon' (run by us), 'engine' (seen in labels/events), 'swarm' (a service task). */
  source: 'ergon' | 'engine' | 'swarm';
  updated_at: string;
  /** Set for a CI on another engine (a Swarm node): its DOCKER_HOST and the engine's name. */
  docker_host?: string;
  node?: string;
}

/** registry.json */
export interface RegistryFile {
  version: 1;
  updated_at: string;
  entries: Record<string, CiEntry>;
  /** Names and run dirs a run has claimed and not yet registered (name-claims.ts). */
  reservations?: NameReservation[];
}

/** An empty registry. */
export function emptyRegistry(now = new Date()): RegistryFile {
  return { version: 1, updated_at: now.toISOString(), entries: {} };
}

/** Checks an untrusted parsed file; returns null when it is not a registry. */
export function asRegistryFile(value: unknown): RegistryFile | null {
  const v = value as Partial<RegistryFile> | null;
  if (
    !v ||
    typeof v !== 'object' ||
    v.version !== 1 ||
    !v.entries ||
    typeof v.entries !== 'object' ||
    Array.isArray(v.entries)
  )
    return null;
  for (const e of Object.values(v.entries)) {
    if (!e || typeof e !== 'object' || typeof e.ci_name !== 'string' || typeof e.container !== 'string' || !e.endpoint)
      return null;
  }
  return v as RegistryFile;
}
