// Resolves the user a service runs as from /etc/passwd text (pure), so services never run as root.
import { APP_UID } from '../../protocol';

/** Who a child process runs as. */
export interface RunAs {
  uid: number;
  gid: number;
  home: string;
  name: string;
}

/** Finds `user` (a name or numeric UID) in passwd text; the app user (10001) when unset. */
export function resolveUser(passwd: string, user: string | undefined): RunAs | null {
  const wanted = user ?? String(APP_UID);
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid, , home] = line.split(':');
    if (!name || uid === undefined) continue;
    if (name === wanted || uid === wanted) return { name, uid: Number(uid), gid: Number(gid), home: home || '/' };
  }
  // A numeric UID without a passwd entry still works for the kernel.
  if (/^\d+$/.test(wanted)) return { name: wanted, uid: Number(wanted), gid: Number(wanted), home: '/tmp' };
  return null;
}
