// Engines other than this one that run our container CIs: the managers and nodes of the Swarm sites
// that promotions deployed to. `ci list` and `tekton status` ask them too, so a replica is shown on
// the node it runs on, and shown again on another node when the Swarm moves it.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { withFileLock } from '../files/file-lock';
import { remoteEnginesPath } from '../tekton/state-paths';

/** One engine, by its DOCKER_HOST value, and why it is known. */
export interface RemoteEngine {
  docker_host: string;
  why: string;
  added_at: string;
}

/** The known remote engines; an unreadable file counts as none. */
export function readRemoteEngines(stateDir: string): RemoteEngine[] {
  try {
    const v = JSON.parse(readFileSync(remoteEnginesPath(stateDir), 'utf8')) as { engines?: RemoteEngine[] };
    return Array.isArray(v.engines) ? v.engines.filter((e) => typeof e?.docker_host === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds engines (once each) under the file's lock. */
export async function addRemoteEngines(
  stateDir: string,
  hosts: string[],
  why: string,
  now = new Date(),
): Promise<void> {
  const path = remoteEnginesPath(stateDir);
  mkdirSync(dirname(path), { recursive: true });
  await withFileLock(`${path}.lock`, () => {
    const engines = readRemoteEngines(stateDir);
    for (const h of hosts)
      if (!engines.some((e) => e.docker_host === h)) engines.push({ docker_host: h, why, added_at: now.toISOString() });
    writeFileAtomic(path, `${JSON.stringify({ engines }, null, 2)}\n`, 0o644);
  });
}

/** Forgets engines (`ci engines --forget`, or a cluster that is gone). */
export async function forgetRemoteEngines(stateDir: string, hosts: string[]): Promise<void> {
  const path = remoteEnginesPath(stateDir);
  await withFileLock(`${path}.lock`, () => {
    const engines = readRemoteEngines(stateDir).filter((e) => !hosts.includes(e.docker_host));
    writeFileAtomic(path, `${JSON.stringify({ engines }, null, 2)}\n`, 0o644);
  });
}
