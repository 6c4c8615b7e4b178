// The one way the host opens a file or a socket a container could have touched (a run dir is
// bind-mounted into its container, whose root controls every name in it). Docker's and runc's own
// symlink escapes (CVE-2018-15664, CVE-2021-30465) were this class: the host followed a link the
// container planted. So: never follow a link, never block on what was opened (a FIFO), check what
// the descriptor really is (fstat), and read no more than expected.
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';

/** A file or socket the host refused to use, and why (the message names it and whose it is). */
export class UnsafeFileError extends Error {
  override name = 'UnsafeFileError';
}

/** What is being read, for the error: e.g. "the token of web-container-ci". */
export interface SafeReadOptions {
  what: string;
  maxBytes: number;
  /** The owner the file must have; default this process's user. */
  uid?: number;
}

const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Reads a small regular file of ours without following a link or blocking; null when it does not exist. */
export function readFileNoFollow(path: string, opts: SafeReadOptions): string | null {
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK (FreeBSD).
    if (code === 'ELOOP' || code === 'EMLINK') throw refused(opts.what, path, 'it is a symbolic link');
    throw refused(opts.what, path, `it cannot be opened (${code ?? (err as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    const problem = fileProblem(st, opts);
    if (problem) throw refused(opts.what, path, problem);
    const buf = Buffer.alloc(Math.min(opts.maxBytes, st.size) + 1);
    let got = 0;
    for (let n = -1; n !== 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, null);
    // It grew between fstat and read: still bounded, still refused.
    if (got > opts.maxBytes) throw refused(opts.what, path, `it is over ${opts.maxBytes} bytes`);
    return buf.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function fileProblem(st: Stats, opts: SafeReadOptions): string | null {
  if (!st.isFile()) return `it is ${kindOf(st)}, not a regular file`;
  const uid = opts.uid ?? process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `it is owned by UID ${st.uid}, not ${uid}`;
  if (st.size > opts.maxBytes) return `it is ${st.size} bytes, over the ${opts.maxBytes} expected`;
  return null;
}

/** A Unix socket pinned for connecting: connect to `path`, then `close()` once connected or failed. */
export interface PinnedSocket {
  path: string;
  close(): void;
}

// O_PATH (Linux): a descriptor that names the inode without opening it, so a socket can be held; it is
// not in Node's fs.constants. 010000000 on x86-64 and arm64.
const O_PATH = 0o10000000;
const SENT = 'nothing was sent to it';
const procFd = process.platform === 'linux' && existsSync('/proc/self/fd');

/**
 * Pins the socket at `path` after checking that it is one (not a link, a file or a FIFO); a missing
 * one throws the system's ENOENT, as connecting would. On Linux
 * the check and the connect are about the same inode (O_PATH + /proc/self/fd/N): a container that
 * swaps the name for a link between the two cannot win. Elsewhere, lstat then connect by name.
 */
export function pinSocket(path: string, what: string): PinnedSocket {
  if (!procFd) {
    const st = lstatSync(path);
    if (!st.isSocket()) throw refused(what, path, `it is ${kindOf(st)}, not a socket`, SENT);
    return { path, close: () => undefined };
  }
  // Not there (yet): the caller's usual "not answering" error, not a refusal.
  const fd = openSync(path, O_PATH | constants.O_NOFOLLOW);
  const st = fstatSync(fd);
  if (!st.isSocket()) {
    closeSync(fd);
    throw refused(what, path, `it is ${kindOf(st)}, not a socket`, SENT);
  }
  let open = true;
  return {
    path: `/proc/self/fd/${fd}`,
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** "a symbolic link", "a FIFO", ... for messages. */
export function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return st.isFile() ? 'a regular file' : 'not a regular file';
}

function refused(what: string, path: string, why: string, after = 'nothing was read from it'): UnsafeFileError {
  return new UnsafeFileError(`Refused ${what} at ${path}: ${why}; ${after}`);
}
