import type { CgroupFiles } from './cgroup';
import { type ProcFs } from './proc-reader';
/** Collects whichever cgroup files exist under `root`. */
export declare function readCgroupFiles(fs?: ProcFs, root?: string): CgroupFiles;
