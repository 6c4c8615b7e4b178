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
  /** Current effective UID; when 0 the worker drops to `dropTo`. */
  currentUid: number;
  dropTo: { uid: number; gid: number };
}

// Flags of the parent that must not reach the worker: debuggers (a port into the worker) and a
// heap size the worker sets itself.
const DROPPED_FLAG = /^--(inspect|debug|max-old-space-size|heapsnapshot|cpu-prof|heap-prof)/;

/** Plans a worker spawn: same node and flags, no secrets in the environment, root drops privileges. */
export function planWorkerSpawn(input: WorkerSpawnInput): WorkerSpawnPlan {
  const flags = input.execArgv.filter((flag) => !DROPPED_FLAG.test(flag));
  const plan: WorkerSpawnPlan = {
    command: input.execPath,
    args: [...flags, `--max-old-space-size=${input.heapMb}`, '--disallow-code-generation-from-strings', input.workerPath],
    cwd: input.cwd,
    // Nothing inherited: no token, no DATABASE_URL, no HOME with credentials.
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
  };
  if (input.currentUid === 0) {
    plan.uid = input.dropTo.uid;
    plan.gid = input.dropTo.gid;
  }
  return plan;
}
