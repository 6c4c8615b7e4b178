// Removes a folder a container had mounted without ever following a link (red team B05). Node's
// recursive rmSync deletes by path: lstat, readdir, then unlink `<dir>/<sub>/<name>`, resolving
// `<sub>` again each time, so whoever can still write in the tree swaps `<sub>` for a link to a host
// folder and the host deletes that folder's files. Node has no unlinkat(), so the walk works through
// the descriptors of the folders it opened: `/proc/self/fd/<fd>/<name>` names an entry of exactly that
// open folder (the kernel resolves the magic link to the open directory, not to a path), as
// unlinkat(fd, name) would. Each folder is opened O_DIRECTORY|O_NOFOLLOW through its parent's
// descriptor and checked (fstat) to be the inode lstat saw; a link is removed as a name, never followed.
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  rmdirSync,
  unlinkSync,
} from 'node:fs';

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** What could not be removed, and why (the tree is otherwise gone). */
export interface RemoveTreeResult {
  left: string[];
}

/** True where folders can be walked through their descriptors (Linux's /proc). */
export function canRemoveByDescriptor(): boolean {
  return existsSync('/proc/self/fd');
}

/** Removes `root` (a folder, not a link) and everything under it, following no link. */
export function removeTreeNoFollow(root: string): RemoveTreeResult {
  const left: string[] = [];
  let fd: number;
  try {
    fd = openSync(root, DIR_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { left };
    if (code === 'ENOTDIR' || code === 'ELOOP') {
      // Not a folder (a link or a file where the folder was): only the name goes.
      unlinkSync(root);
      return { left };
    }
    throw err;
  }
  try {
    emptyDir(fd, root, fstatSync(fd).dev, left);
  } finally {
    closeSync(fd);
  }
  if (left.length === 0) rmdirSync(root);
  return { left };
}

// Empties the open folder `fd` (shown as `shown` in messages), staying on device `dev`.
function emptyDir(fd: number, shown: string, dev: number, left: string[]): void {
  const here = `/proc/self/fd/${fd}`;
  for (const name of readdirSync(here)) {
    const entry = `${here}/${name}`;
    const st = lstatSync(entry);
    if (!st.isDirectory()) {
      // A file, a socket, a FIFO or a link: unlink removes the name and never follows it.
      removeName(() => unlinkSync(entry), `${shown}/${name}`, left);
      continue;
    }
    let sub: number;
    try {
      sub = openSync(entry, DIR_FLAGS);
    } catch (err) {
      // Swapped for a link (or a file) since lstat: leave it, name it.
      left.push(`${shown}/${name} (changed while being removed: ${(err as NodeJS.ErrnoException).code})`);
      continue;
    }
    try {
      const opened = fstatSync(sub);
      if (opened.ino !== st.ino || opened.dev !== st.dev) left.push(`${shown}/${name} (replaced while being removed)`);
      else if (opened.dev !== dev) left.push(`${shown}/${name} (another file system is mounted there)`);
      else {
        const before = left.length;
        emptyDir(sub, `${shown}/${name}`, dev, left);
        if (left.length === before) removeName(() => rmdirSync(entry), `${shown}/${name}`, left);
      }
    } finally {
      closeSync(sub);
    }
  }
}

// An entry that went away meanwhile is fine; one that cannot go (changed into something else) is named.
function removeName(remove: () => void, shown: string, left: string[]): void {
  try {
    remove();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') left.push(`${shown} (${code ?? (err as Error).message})`);
  }
}
