import type { DiscoveredService } from '../../protocol';
import { type ProcFs } from '../metrics/proc-reader';
/** Options: which pids belong to which declared service, and which to leave out (init, the CI). */
export interface ScanOptions {
    servicePids: Map<string, number>;
    ignorePids: number[];
    fs?: ProcFs;
    root?: string;
}
/** Maps listening socket inodes to ports (tcp + tcp6). */
export declare function listeningInodes(fs?: ProcFs, root?: string): Map<number, number>;
/** Ports a set of pids listen on. */
export declare function portsOf(pids: number[], inodes: Map<number, number>, fs?: ProcFs, root?: string): number[];
/** One entry per declared service's process tree, plus undeclared processes that listen or are recognised. */
export declare function scanProcesses({ servicePids, ignorePids, fs, root }: ScanOptions): DiscoveredService[];
