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
export declare function parseProcStat(text: string): ProcStat | null;
/** Resident memory in bytes from /proc/<pid>/status (VmRSS), or null for kernel threads/zombies. */
export declare function parseVmRss(statusText: string): number | null;
/** UID (real) from /proc/<pid>/status. */
export declare function parseUid(statusText: string): number | null;
/** Private memory (Private_Clean + Private_Dirty) in bytes from /proc/<pid>/smaps_rollup. */
export declare function parsePrivateBytes(smapsRollup: string): number | null;
/** All descendants of `root` (inclusive) given a pid → ppid map. */
export declare function descendants(root: number, parents: Map<number, number>): number[];
