// The real file system and platform for planTektonStatus (the edge; tests pass their own io).
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { StatusPlanIo } from './tekton-status-plan';

/** Reads this machine. */
export const defaultStatusPlanIo: StatusPlanIo = {
  isFile: (p) => stat(p)?.isFile() ?? false,
  isDir: (p) => stat(p)?.isDirectory() ?? false,
  head(path) {
    try {
      const fd = openSync(path, 'r');
      try {
        const buf = Buffer.alloc(4);
        const n = readSync(fd, buf, 0, 4, 0);
        return buf.subarray(0, n);
      } finally {
        closeSync(fd);
      }
    } catch {
      return null;
    }
  },
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  platform: process.platform,
};

function stat(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
