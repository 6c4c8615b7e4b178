// Container memory, limit and CPU from the cgroup files, v1 and v2. The parsers are pure (text in,
// numbers out) so both layouts are unit-tested with fixture text; reading is done by the caller.

/** The cgroup text files that matter, as read from /sys/fs/cgroup (undefined when absent). */
export interface CgroupFiles {
  /** v2: memory.current, memory.max, cpu.stat */
  current?: string;
  max?: string;
  cpuStat?: string;
  /** v1: memory/memory.usage_in_bytes, memory/memory.limit_in_bytes, memory/memory.stat, cpuacct/cpuacct.usage */
  usageInBytes?: string;
  limitInBytes?: string;
  memoryStat?: string;
  cpuacctUsage?: string;
}

/** What the cgroup says about the whole container at one instant. */
export interface CgroupSample {
  version: 'v1' | 'v2' | null;
  memoryBytes: number | null;
  /** null when unlimited. */
  limitBytes: number | null;
  /** Cumulative CPU time of the container in microseconds. */
  cpuUsec: number | null;
}

// v1 reports "no limit" as a huge page-aligned number (e.g. 9223372036854771712).
const V1_UNLIMITED = 2 ** 60;

function toNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : null;
}

/** Parses a flat "key value" file such as memory.stat or cpu.stat. */
export function parseKeyValues(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && Number.isFinite(Number(value))) out[key] = Number(value);
  }
  return out;
}

/** Interprets the cgroup files: v2 when memory.current exists, else v1. */
export function parseCgroup(files: CgroupFiles): CgroupSample {
  if (files.current !== undefined) {
    const max = files.max?.trim();
    const usage = files.cpuStat ? parseKeyValues(files.cpuStat).usage_usec : undefined;
    return {
      version: 'v2',
      memoryBytes: toNumber(files.current),
      limitBytes: max === undefined || max === 'max' ? null : toNumber(max),
      cpuUsec: usage ?? null,
    };
  }
  if (files.usageInBytes !== undefined) {
    const limit = toNumber(files.limitInBytes);
    // Like `docker stats`: the page cache that can be dropped is not counted as used.
    const stat = files.memoryStat ? parseKeyValues(files.memoryStat) : {};
    const usage = toNumber(files.usageInBytes);
    const inactive = stat.total_inactive_file ?? 0;
    const nanos = toNumber(files.cpuacctUsage);
    return {
      version: 'v1',
      memoryBytes: usage === null ? null : Math.max(0, usage - inactive),
      limitBytes: limit === null || limit >= V1_UNLIMITED ? null : limit,
      cpuUsec: nanos === null ? null : Math.round(nanos / 1000),
    };
  }
  return { version: null, memoryBytes: null, limitBytes: null, cpuUsec: null };
}

/** CPU percent (of one core) between two samples taken `elapsedMs` apart. */
export function cpuPercent(beforeUsec: number | null, afterUsec: number | null, elapsedMs: number): number | null {
  if (beforeUsec === null || afterUsec === null || elapsedMs <= 0) return null;
  return Math.max(0, ((afterUsec - beforeUsec) / 1000 / elapsedMs) * 100);
}
