import { type ProcStat } from './proc-parse';
/** File access, passed in so tests can point it at fixtures. */
export interface ProcFs {
    list(dir: string): string[];
    read(path: string): string | null;
    link(path: string): string | null;
}
/** The real /proc. */
export declare const realProcFs: ProcFs;
/** All processes' stat lines, by pid. */
export declare function readProcStats(fs?: ProcFs, root?: string): Map<number, ProcStat>;
/** Resident memory of one process (0 when it vanished). */
export declare function readRss(pid: number, fs?: ProcFs, root?: string): number;
/** argv of a process from /proc/<pid>/cmdline (empty for kernel threads). */
export declare function readArgv(pid: number, fs?: ProcFs, root?: string): string[];
/** Socket inodes a process holds open (as its owner when root alone is not allowed to look). */
export declare function readSocketInodes(pid: number, fs?: ProcFs, root?: string): number[];
