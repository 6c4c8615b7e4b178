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
/** Parses a flat "key value" file such as memory.stat or cpu.stat. */
export declare function parseKeyValues(text: string): Record<string, number>;
/** Interprets the cgroup files: v2 when memory.current exists, else v1. */
export declare function parseCgroup(files: CgroupFiles): CgroupSample;
/** CPU percent (of one core) between two samples taken `elapsedMs` apart. */
export declare function cpuPercent(beforeUsec: number | null, afterUsec: number | null, elapsedMs: number): number | null;
