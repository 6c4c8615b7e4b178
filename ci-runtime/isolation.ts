// What separates the app, the CI and the recipe worker in this container, decided from who the CI
// runs as (pure), and the one side effect that keeps the worker's identity off the CI's socket.
import { chmodSync, chownSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { WORKER_UID, type Isolation } from '../protocol';
import type { AppEnvSource } from './app-env';
import { permissionRestrictsNetwork } from './recipe-engine/worker-spawn-plan';

// Bits of the capability sets in /proc/<pid>/status (linux/capability.h).
const CAP_SETGID = 6;
const CAP_SETUID = 7;

/** Who the CI is and what it runs on. */
export interface IsolationInput {
  uid: number;
  gid: number;
  nodeVersion: string;
  /** The effective capability set (`CapEff:` of /proc/self/status, hex); null when unknown. */
  capEff: string | null;
  /** Whether clean-exec started the CI (app-env.ts); 'inherited': it runs with the image's environment. */
  envSource?: AppEnvSource;
}

/** True when this process may change its UID and GID: root with CAP_SETUID and CAP_SETGID. */
export function canDropPrivileges(uid: number, capEff: string | null): boolean {
  if (uid !== 0) return false;
  if (capEff === null) return true;
  const caps = BigInt(`0x${capEff}`);
  return ((caps >> BigInt(CAP_SETUID)) & 1n) === 1n && ((caps >> BigInt(CAP_SETGID)) & 1n) === 1n;
}

/** `CapEff` of this process (null off Linux). */
export function readCapEff(status = '/proc/self/status'): string | null {
  try {
    return /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync(status, 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The isolation this CI provides; `notes` explain every trade-off of running without root. */
export function describeIsolation({ uid, gid, nodeVersion, capEff, envSource }: IsolationInput): Isolation {
  const canDrop = canDropPrivileges(uid, capEff);
  const workerNetwork = !permissionRestrictsNetwork(nodeVersion);
  const why =
    uid === 0
      ? 'the CI runs as root without CAP_SETUID/CAP_SETGID (e.g. --cap-drop ALL)'
      : `the CI runs as UID ${uid}, not root (e.g. --user, runAsNonRoot or OpenShift)`;
  const notes = canDrop
    ? []
    : [
        `${why}: it cannot give services their configured user, so they run as UID ${uid} too`,
        `the recipe worker cannot get its own UID (${WORKER_UID}) and shares UID ${uid}; Node's permission model and the sandbox still keep it from files, processes, sockets and addons, but not from signalling processes of the same UID`,
      ];
  if (envSource === 'inherited' && uid === 0)
    notes.push(
      "the CI was not started by clean-exec (an image built before it, or a hand-made one): it runs as root with the image's environment (NODE_OPTIONS, LD_PRELOAD, ...); rebuild the image with `aish docker build`",
    );
  if (workerNetwork)
    notes.push(
      `Node ${nodeVersion} cannot deny the recipe worker the network (Node 25 and later can): an escaped worker could connect to local ports`,
    );
  return {
    node: nodeVersion,
    uid,
    gid,
    root: uid === 0,
    services_drop_privileges: canDrop,
    worker_uid: canDrop ? WORKER_UID : uid,
    worker_permission_model: true,
    worker_network: workerNetwork,
    notes,
  };
}

/**
 * Makes the CI's Unix socket reachable by root and by the owner of its folder (the host user who
 * bind-mounts it) only: the app's services cannot connect, nor can the recipe worker's UID (a second
 * wall behind its permission model, which denies it every socket on Node 25 and later). A CI that
 * is not root keeps 0666 (it cannot choose an owner).
 */
export function restrictSocket(socketPath: string, canDrop: boolean): void {
  if (!canDrop) return;
  const owner = statSync(dirname(socketPath)).uid;
  chownSync(socketPath, owner, 0);
  chmodSync(socketPath, 0o660);
}
