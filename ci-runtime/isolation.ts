// What separates the app, the CI and the recipe worker in this container, decided from who the CI
// runs as (pure), and the one side effect that keeps the worker's identity off the CI's socket.
import { chmodSync, chownSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { WORKER_UID, type Isolation } from '../protocol';

/** Who the CI is and what it runs on. */
export interface IsolationInput {
  uid: number;
  gid: number;
  nodeVersion: string;
}

/** The isolation this CI provides; `notes` explain every trade-off of running without root. */
export function describeIsolation({ uid, gid, nodeVersion }: IsolationInput): Isolation {
  const root = uid === 0;
  const notes = root ? [] : [
    `the CI runs as UID ${uid}, not root (e.g. --user, runAsNonRoot or OpenShift): it cannot give services their configured user, so they run as UID ${uid} too`,
    `the recipe worker cannot get its own UID (${WORKER_UID}) and shares UID ${uid}; Node's permission model and the sandbox still keep it from files, processes and addons, but not from signalling processes of the same UID`,
  ];
  return {
    node: nodeVersion, uid, gid, root, services_drop_privileges: root,
    worker_uid: root ? WORKER_UID : uid, worker_permission_model: true, notes,
  };
}

/**
 * Makes the CI's Unix socket reachable by root and by the owner of its folder (the host user who
 * bind-mounts it) only: the recipe worker, whose permission model cannot restrict sockets, and the
 * app's services cannot connect. A CI that is not root keeps 0666 (it cannot choose an owner).
 */
export function restrictSocket(socketPath: string, isRoot: boolean): void {
  if (!isRoot) return;
  const owner = statSync(dirname(socketPath)).uid;
  chownSync(socketPath, owner, 0);
  chmodSync(socketPath, 0o660);
}
