// A CI's token, in two copies written by the host (docs/security.md, boundary 1): the host's own
// under `<state>/containers/tokens/` (0600 in a 0700 folder no container mounts), which is the only
// one the host ever reads, and the container's in its run dir (0400), which the host writes and never
// reads back: the container's root can replace that one with anything.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchownSync, lstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { hostTokenPathFor, runDirTrashFor } from '../tekton/state-paths';
import { writeFileAtomic } from './atomic-write';
import { ensurePrivateDir } from './private-dir';
import { readFileNoFollow } from './safe-open';
import { canRemoveByDescriptor, removeTreeNoFollow } from './remove-tree';

/** A token is 48 hex digits; a file far past that is not one. */
const MAX_TOKEN_BYTES = 256;

/** Writes both copies of a fresh (or the given) token for the CI of `runDir`; returns the token. */
export function writeCiToken(
  runDir: string,
  opts: { token?: string; owner?: { uid: number; gid: number } } = {},
): string {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const hostCopy = hostTokenPathFor(runDir);
  if (!hostCopy) throw new Error(`${runDir} is not a run dir under <state>/containers/run: no place for its token`);
  ensurePrivateDir(dirname(hostCopy));
  writeFileAtomic(hostCopy, `${token}\n`, 0o600);
  ensurePrivateDir(runDir);
  const path = join(runDir, 'token');
  // Whatever is there (a link an earlier container planted included) goes; O_EXCL|O_NOFOLLOW then
  // creates a new file or fails, and never writes through a name someone else made.
  rmSync(path, { force: true });
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o400);
  try {
    writeSync(fd, `${token}\n`);
    if (opts.owner) fchownSync(fd, opts.owner.uid, opts.owner.gid);
  } finally {
    closeSync(fd);
  }
  return token;
}

/** The host's copy of the token of the CI at `runDir`, or null when the host holds none. */
export function readHostToken(runDir: string, ciName: string): string | null {
  const path = hostTokenPathFor(runDir);
  if (!path) return null;
  const text = readFileNoFollow(path, { what: `the host's token of ${ciName}`, maxBytes: MAX_TOKEN_BYTES });
  return text?.trim() || null;
}

/** True when the host holds a token for the CI at `runDir`. */
export function hasHostToken(runDir: string): boolean {
  const path = hostTokenPathFor(runDir);
  if (!path) return false;
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Removes a run dir and the host's copy of its token; the caller has seen that no container mounts it
 * any more (ergon/run-dir-removal.ts). The folder is first renamed into the state dir's private trash
 * (a rename moves the name, never follows a link), then removed without following any link
 * (remove-tree.ts, red team B05). Returns what could not be removed.
 */
export function removeRunDir(runDir: string): string[] {
  const hostCopy = hostTokenPathFor(runDir);
  if (hostCopy) rmSync(hostCopy, { force: true });
  const trash = runDirTrashFor(runDir);
  let target = runDir;
  if (trash) {
    ensurePrivateDir(trash);
    target = join(trash, `${basename(runDir)}.${randomBytes(6).toString('hex')}`);
    try {
      renameSync(runDir, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }
  if (!canRemoveByDescriptor()) {
    // No /proc: a path walk, safe only because nothing mounts the folder any more and it was moved.
    rmSync(target, { recursive: true, force: true });
    return [];
  }
  return removeTreeNoFollow(target).left;
}
