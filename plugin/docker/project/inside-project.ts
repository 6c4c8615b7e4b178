// A project is someone else's code (docs/security.md, boundary 4): a symlink in it may point at a
// file of the host (`config.json -> ~/.ssh/id_rsa`) or a folder of it (`vendor -> /etc`). Every read
// of a project goes through here: a path is resolved, and followed only while it stays under the
// project's real root. The file is then opened without following a link (O_NOFOLLOW) and without
// blocking on a FIFO (O_NONBLOCK), and fstat decides what it is. A link inside the project is fine.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Where a project-relative path leads. */
export type Located =
  | { kind: 'inside'; real: string }
  | { kind: 'outside'; link: string; target: string }
  | { kind: 'missing' };

/** The project root with every link resolved (the user chose it: a linked root is fine). */
export function realRoot(root: string): string {
  return realpathSync(root);
}

/** True when `real` (a resolved path) is the root or under it. */
export function isUnder(rootReal: string, real: string): boolean {
  return real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
}

/** Resolves `rel` under `root`; names the first link on the way that leads out of the project. */
export function locateInside(root: string, rel: string): Located {
  const rootReal = realRoot(root);
  const parts = rel.split(/[\\/]+/).filter((p) => p && p !== '.');
  let current = rootReal;
  for (let i = 0; i < parts.length; i++) {
    // `..` climbs from where the path really is (after any link followed), never above the root.
    if (parts[i] === '..') {
      const up = dirname(current);
      if (!isUnder(rootReal, up)) return { kind: 'outside', link: parts.slice(0, i + 1).join('/'), target: up };
      current = up;
      continue;
    }
    const next = join(current, parts[i]!);
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(next);
    } catch {
      return { kind: 'missing' };
    }
    if (!st.isSymbolicLink()) {
      current = next;
      continue;
    }
    const link = parts.slice(0, i + 1).join('/');
    let real: string;
    try {
      real = realpathSync(next);
    } catch {
      // A dangling link: where it would lead decides (a host path that does not exist yet is still the host's).
      return leadsOut(rootReal, next) ? { kind: 'outside', link, target: safeReadlink(next) } : { kind: 'missing' };
    }
    if (!isUnder(rootReal, real)) return { kind: 'outside', link, target: safeReadlink(next) };
    current = real;
  }
  return { kind: 'inside', real: current };
}

/** The note a plan carries for a link that leaves the project (the same words everywhere). */
export function outsideNote(link: string, target: string): string {
  return `skipped link ${link} → ${target}: outside the project, not read`;
}

/** What reading a project file gave. */
export type ReadInside =
  | { kind: 'file'; content: Buffer }
  | { kind: 'missing' }
  | { kind: 'outside'; link: string; target: string }
  | { kind: 'skipped'; why: string };

/** Reads `rel` under `root` (at most `maxBytes`), never through a link that leaves the project. */
export function readInside(root: string, rel: string, maxBytes = Number.POSITIVE_INFINITY): ReadInside {
  let where: Located;
  try {
    where = locateInside(root, rel);
  } catch (err) {
    return { kind: 'skipped', why: `unreadable (${codeOf(err)})` };
  }
  if (where.kind !== 'inside') return where;
  const r = readRegularFile(where.real, maxBytes);
  // ELOOP: the last component became a link after it was resolved; it is the link it now is.
  if (r.kind === 'skipped' && r.why === 'unreadable (ELOOP)')
    return { kind: 'outside', link: rel, target: safeReadlink(where.real) };
  return r;
}

/**
 * Reads a regular file at `path` without following a link in its last component (O_NOFOLLOW) or
 * blocking on a FIFO (O_NONBLOCK); fstat, not the name, says what was opened.
 */
export function readRegularFile(
  path: string,
  maxBytes = Number.POSITIVE_INFINITY,
): { kind: 'file'; content: Buffer } | { kind: 'missing' } | { kind: 'skipped'; why: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = codeOf(err);
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? { kind: 'missing' }
      : { kind: 'skipped', why: `unreadable (${code})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { kind: 'skipped', why: st.isDirectory() ? 'a directory' : 'not a regular file' };
    if (st.size > maxBytes) return { kind: 'skipped', why: `larger than ${maxBytes} bytes` };
    const content = Buffer.alloc(st.size);
    let done = 0;
    while (done < st.size) {
      const n = readSync(fd, content, done, st.size - done, done);
      if (n === 0) break;
      done += n;
    }
    return { kind: 'file', content: content.subarray(0, done) };
  } catch (err) {
    return { kind: 'skipped', why: `unreadable (${codeOf(err)})` };
  } finally {
    closeSync(fd);
  }
}

/** Text of `rel` under `root`, or null when missing, unreadable or behind a link that leaves the project. */
export function readTextInside(root: string, rel: string): string | null {
  const r = readInside(root, rel);
  return r.kind === 'file' ? r.content.toString('utf8') : null;
}

// A dangling link's target, resolved as far as its existing part goes, is outside the root.
function leadsOut(rootReal: string, linkPath: string): boolean {
  let target: string;
  try {
    target = readlinkSync(linkPath);
  } catch {
    return false;
  }
  const base = target.startsWith('/') ? target : join(linkPath, '..', target);
  let probe = base;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = join(realpathSync(probe), ...rest.reverse());
      return !isUnder(rootReal, real);
    } catch {
      const up = join(probe, '..');
      if (up === probe) return true;
      rest.push(relative(up, probe));
      probe = up;
    }
  }
}

function safeReadlink(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}

function codeOf(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? 'error';
}
