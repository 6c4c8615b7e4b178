// A process inside a container seen from the host's /proc (the benchmarks run on the engine's own
// machine): found by walking parent links up to the container's init, so its memory can be read
// without asking the process itself.
import { readdirSync, readFileSync } from 'node:fs';

/** Host PID of the process in the container (init `containerInitPid`) whose command line matches. */
export function hostPid(containerInitPid: number, match: RegExp): number {
  const parents = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      parents.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const inside = (pid: number): boolean => {
    for (let p = pid, i = 0; p > 1 && i < 50; p = parents.get(p) ?? 0, i++) if (p === containerInitPid) return true;
    return false;
  };
  for (const pid of parents.keys()) {
    if (!inside(pid)) continue;
    try {
      if (match.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))) return pid;
    } catch {
      /* gone */
    }
  }
  throw new Error(`no process matching ${match} in the container (init pid ${containerInitPid})`);
}
