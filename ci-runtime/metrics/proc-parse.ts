// Pure parsers for /proc/<pid>/stat and /proc/<pid>/status, so per-service metrics are testable
// with fixture text.

/** The fields of /proc/<pid>/stat the CI uses. */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** utime + stime in clock ticks. */
  cpuTicks: number;
  /** Start time after boot, in clock ticks. */
  startTicks: number;
}

/** Parses /proc/<pid>/stat; the command name may contain spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state); utime=14, stime=15, starttime=22 (1-based man page numbering).
  const num = (field: number) => Number(rest[field - 3]);
  const stat: ProcStat = {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0] ?? '?',
    ppid: num(4),
    cpuTicks: num(14) + num(15),
    startTicks: num(22),
  };
  return Number.isFinite(stat.pid) && Number.isFinite(stat.cpuTicks) ? stat : null;
}

/** Resident memory in bytes from /proc/<pid>/status (VmRSS), or null for kernel threads/zombies. */
export function parseVmRss(statusText: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(statusText);
  return match ? Number(match[1]) * 1024 : null;
}

/** UID (real) from /proc/<pid>/status. */
export function parseUid(statusText: string): number | null {
  const match = /^Uid:\s+(\d+)/m.exec(statusText);
  return match ? Number(match[1]) : null;
}

/** Private memory (Private_Clean + Private_Dirty) in bytes from /proc/<pid>/smaps_rollup. */
export function parsePrivateBytes(smapsRollup: string): number | null {
  const clean = /^Private_Clean:\s+(\d+)/m.exec(smapsRollup);
  const dirty = /^Private_Dirty:\s+(\d+)/m.exec(smapsRollup);
  if (!clean || !dirty) return null;
  return (Number(clean[1]) + Number(dirty[1])) * 1024;
}

/** All descendants of `root` (inclusive) given a pid → ppid map. */
export function descendants(root: number, parents: Map<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (out.includes(pid)) continue;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}
