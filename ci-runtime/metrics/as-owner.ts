// Docker drops CAP_SYS_PTRACE, so even root in a container cannot read /proc/<pid>/fd links of a
// process owned by another user. The CI is root with real UID 0: it can briefly take on the
// owner's effective UID/GID (synchronously, no JS runs meanwhile), read, and switch back.
import { readFileSync } from 'node:fs';

/** Runs `fn` with the effective UID/GID of `pid`'s owner when the CI is root; plain `fn` otherwise. */
export function asOwnerOf<T>(pid: number, fn: () => T, root = '/proc'): T {
  if (process.geteuid?.() !== 0 || !process.seteuid || !process.setegid) return fn();
  let uid: number;
  let gid: number;
  try {
    const status = readFileSync(`${root}/${pid}/status`, 'utf8');
    uid = Number(/^Uid:\s+\d+\s+(\d+)/m.exec(status)?.[1]);
    gid = Number(/^Gid:\s+\d+\s+(\d+)/m.exec(status)?.[1]);
  } catch {
    return fn();
  }
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) return fn();
  process.setegid(gid);
  process.seteuid(uid);
  try {
    return fn();
  } finally {
    process.seteuid(0);
    process.setegid(0);
  }
}
