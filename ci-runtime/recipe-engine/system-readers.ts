// Fresh figures a recipe asks for, read from /proc, the cgroup files and statfs. The file reader
// is passed in so the parsing is testable without a container.
import { readFileSync, readdirSync, statfsSync } from 'node:fs';
import type { CpuThrottling, DiskInfo } from './recipe-api';
import { parseKeyValues } from '../metrics/cgroup';

/** Reads a file as text, or null when it does not exist. */
export type ReadText = (path: string) => string | null;

/** The default ReadText: the real file system. */
export const readTextFile: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** Lists /proc pids (default: the real /proc). */
export type ListPids = () => number[];
export const listProcPids: ListPids = () =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);

/** Sums VmRSS over a process and all its descendants (a Celery master and its pool children). */
export function readProcessTreeRss(
  rootPid: number,
  read: ReadText = readTextFile,
  listPids: ListPids = listProcPids,
): { processes: number; rss_bytes: number } {
  const parentOf = new Map<number, number>();
  for (const pid of listPids()) {
    const stat = read(`/proc/${pid}/stat`);
    // The command name may contain spaces and parentheses: the fields start after the last ')'.
    const after = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (after?.[1]) parentOf.set(pid, Number(after[1]));
  }
  const tree = new Set<number>([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  let rss = 0;
  let processes = 0;
  for (const pid of tree) {
    const match = /VmRSS:\s+(\d+) kB/.exec(read(`/proc/${pid}/status`) ?? '');
    if (match) {
      rss += Number(match[1]) * 1024;
      processes += 1;
    }
  }
  return { processes, rss_bytes: rss };
}

/** CPU throttling counters from cgroup v2 (`cpu.stat`, `cpu.max`) or v1 (`cpu/cpu.stat`, `cfs_*`). */
export function readCpuThrottling(read: ReadText = readTextFile): CpuThrottling {
  const v2 = read('/sys/fs/cgroup/cpu.stat');
  if (v2 !== null && read('/sys/fs/cgroup/cgroup.controllers') !== null) {
    const stat = parseKeyValues(v2);
    const max = (read('/sys/fs/cgroup/cpu.max') ?? 'max').trim().split(/\s+/);
    const quota = max[0] === 'max' ? null : Number(max[0]) / Number(max[1] ?? 100000);
    return {
      cgroup: 'v2',
      periods: stat.nr_periods ?? null,
      throttled_periods: stat.nr_throttled ?? null,
      throttled_ms: stat.throttled_usec !== undefined ? stat.throttled_usec / 1000 : null,
      quota_cpus: quota,
    };
  }
  for (const dir of ['/sys/fs/cgroup/cpu,cpuacct', '/sys/fs/cgroup/cpu']) {
    const v1 = read(`${dir}/cpu.stat`);
    if (v1 === null) continue;
    const stat = parseKeyValues(v1);
    const quotaUs = Number(read(`${dir}/cpu.cfs_quota_us`) ?? -1);
    const periodUs = Number(read(`${dir}/cpu.cfs_period_us`) ?? 100000);
    return {
      cgroup: 'v1',
      periods: stat.nr_periods ?? null,
      throttled_periods: stat.nr_throttled ?? null,
      throttled_ms: stat.throttled_time !== undefined ? stat.throttled_time / 1e6 : null,
      quota_cpus: quotaUs > 0 ? quotaUs / periodUs : null,
    };
  }
  return { cgroup: null, periods: null, throttled_periods: null, throttled_ms: null, quota_cpus: null };
}

/** Usage of the file system holding `path`. */
export function readDisk(path: string): DiskInfo {
  const s = statfsSync(path);
  const total = s.blocks * s.bsize;
  const free = s.bavail * s.bsize;
  const used = total - s.bfree * s.bsize;
  return {
    path,
    total_bytes: total,
    free_bytes: free,
    used_bytes: used,
    used_percent: total > 0 ? Math.round((used / total) * 1000) / 10 : 0,
  };
}
