// How a recipe worker is started, as a plain value: which node, which flags, which user, which
// environment. Pure, so the privilege drop and the clean environment are testable without spawning.

/** Everything needed to spawn one worker. */
export interface WorkerSpawnPlan {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  uid?: number;
  gid?: number;
}

/** Inputs: the CI's own node and flags, the worker script, limits and who we are. */
export interface WorkerSpawnInput {
  execPath: string;
  execArgv: string[];
  workerPath: string;
  /** V8 heap limit of the worker, in MB. */
  heapMb: number;
  /** An empty directory the worker cannot write to. */
  cwd: string;
  /** The CI may change UID (root with CAP_SETUID); then the worker drops to `dropTo`. */
  canDrop: boolean;
  dropTo: { uid: number; gid: number };
  /** `process.version` of the node at `execPath` (it names the permission flag). */
  nodeVersion: string;
}

// Flags of the parent that must not reach the worker: debuggers (a port into the worker) and a
// heap size the worker sets itself.
const DROPPED_FLAG = /^--(inspect|debug|max-old-space-size|heapsnapshot|cpu-prof|heap-prof)/;

/**
 * Node's permission model for the worker, a second wall behind the sandbox: it may read its own
 * script and nothing else, write nothing, start no process, no worker thread, no addon, no WASI,
 * and, from Node 25 on, open no socket (TCP, UDP, Unix, DNS): no `--allow-net` is ever passed, so
 * the worker reaches Redis, Postgres and HTTP only through the ctx calls the CI answers over IPC.
 */
export function permissionFlags(nodeVersion: string, workerPath: string): string[] {
  const [major = 0, minor = 0] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  // Stable as --permission since 22.13 / 23.5; earlier releases only know the experimental name.
  const stable = major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  return [stable ? '--permission' : '--experimental-permission', `--allow-fs-read=${workerPath}`];
}

/** True when Node's permission model denies network access without `--allow-net` (Node 25 and later). */
export function permissionRestrictsNetwork(nodeVersion: string): boolean {
  return Number(nodeVersion.replace(/^v/, '').split('.')[0]) >= 25;
}

// The parent's own permission flags must not widen (or duplicate) the worker's.
const PERMISSION_FLAG = /^--(experimental-)?permission$|^--allow-/;

/** Plans a worker spawn: same node and flags, no secrets in the environment, root drops privileges. */
export function planWorkerSpawn(input: WorkerSpawnInput): WorkerSpawnPlan {
  const flags = input.execArgv.filter((flag) => !DROPPED_FLAG.test(flag) && !PERMISSION_FLAG.test(flag));
  const plan: WorkerSpawnPlan = {
    command: input.execPath,
    args: [
      ...flags,
      ...permissionFlags(input.nodeVersion, input.workerPath),
      `--max-old-space-size=${input.heapMb}`,
      '--disallow-code-generation-from-strings',
      input.workerPath,
    ],
    cwd: input.cwd,
    // Nothing inherited: no token, no DATABASE_URL, no HOME with credentials.
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  };
  if (input.canDrop) {
    plan.uid = input.dropTo.uid;
    plan.gid = input.dropTo.gid;
  }
  return plan;
}
