// Folders that hold a token, the registry, history or chat are the user's alone (0700), whatever the
// umask made of them before.
import { chmodSync, closeSync, fchmodSync, lstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates `dir` (and missing parents) as 0700, and narrows it to 0700 when it is ours and wider. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} should be a directory but is not; move it away and try again`);
  if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) chmodSync(dir, 0o700);
}

/** Appends to a file only the user may read (0600, narrowed if it was wider), in a 0700 folder. */
export function appendPrivate(path: string, text: string): void {
  ensurePrivateDir(dirname(path));
  const fd = openSync(path, 'a', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
