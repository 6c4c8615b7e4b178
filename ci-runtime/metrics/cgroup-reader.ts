// Reads the container's own cgroup files (v2 unified, else v1) for parseCgroup.
import type { CgroupFiles } from './cgroup';
import { realProcFs, type ProcFs } from './proc-reader';

/** Collects whichever cgroup files exist under `root`. */
export function readCgroupFiles(fs: ProcFs = realProcFs, root = '/sys/fs/cgroup'): CgroupFiles {
  const read = (p: string) => fs.read(`${root}/${p}`) ?? undefined;
  const current = read('memory.current');
  if (current !== undefined) return { current, max: read('memory.max'), cpuStat: read('cpu.stat') };
  return {
    usageInBytes: read('memory/memory.usage_in_bytes'),
    limitInBytes: read('memory/memory.limit_in_bytes'),
    memoryStat: read('memory/memory.stat'),
    cpuacctUsage: read('cpuacct/cpuacct.usage') ?? read('cpu,cpuacct/cpuacct.usage'),
  };
}
