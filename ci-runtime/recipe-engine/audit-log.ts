// The audit log: one JSON object per line (audit-entry.ts makes each safe and bounded), in
// /var/lib/tekton-ci/audit.log by default, rotated at a size limit with a fixed number of old files
// kept (audit.log.1 is the newest of them), so a flood of requests cannot fill the disk. Reading
// goes backwards from the end, a chunk at a time, so a big file never reads as empty, and lines of
// the first format (before `v`) read as well. Files are opened without following links.
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry } from '../../protocol';
import { normalizeAuditEntry } from './audit-entry';

/** Appends and reads audit entries. */
export interface AuditLog {
  append(entry: AuditEntry): void;
  /** The last `lines` entries (at most 10,000), oldest first, across rotated files. */
  tail(lines: number): AuditEntry[];
}

/** Size limits of the log; defaults keep at most ~5 MiB of audit on disk. */
export interface AuditLogLimits {
  /** The current file is rotated before it would grow past this. */
  maxFileBytes?: number;
  /** Rotated files kept (audit.log.1 … audit.log.<keep>); older ones are deleted. */
  keep?: number;
}

const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
const DEFAULT_KEEP = 4;
const MAX_TAIL = 10_000;
const CHUNK = 64 * 1024;
// Past this a line is not an entry this log wrote: it is skipped, not parsed.
const MAX_LINE_BYTES = 1024 * 1024;

/** File-backed audit log (mode 0600 in a 0700 folder: params may be sensitive). */
export function createAuditLog(path: string, limits: AuditLogLimits = {}): AuditLog {
  const maxFileBytes = limits.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const keep = Math.max(1, limits.keep ?? DEFAULT_KEEP);
  const files = () => [path, ...Array.from({ length: keep }, (_, i) => `${path}.${i + 1}`)];

  const rotate = () => {
    rmSync(`${path}.${keep}`, { force: true });
    for (let i = keep - 1; i >= 1; i--) renameIfThere(`${path}.${i}`, `${path}.${i + 1}`);
    renameIfThere(path, `${path}.1`);
  };

  return {
    append(entry) {
      const line = Buffer.from(`${JSON.stringify(normalizeAuditEntry(entry))}\n`);
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      if (sizeOf(path) + line.length > maxFileBytes) rotate();
      const fd = openSync(
        path,
        constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK,
        0o600,
      );
      try {
        if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file; the audit entry was not written`);
        writeSync(fd, line);
      } finally {
        closeSync(fd);
      }
    },
    tail(lines) {
      const wanted = Math.max(0, Math.min(Math.floor(lines) || 0, MAX_TAIL));
      const newestFirst: AuditEntry[] = [];
      for (const file of files()) {
        if (newestFirst.length >= wanted) break;
        for (const line of linesFromEnd(file)) {
          if (newestFirst.length >= wanted) break;
          const entry = parseLine(line);
          if (entry) newestFirst.push(entry);
        }
      }
      return newestFirst.reverse();
    },
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function parseLine(line: string): AuditEntry | null {
  try {
    const value = JSON.parse(line) as unknown;
    return value && typeof value === 'object' ? normalizeAuditEntry(value) : null;
  } catch {
    return null;
  }
}

/** The lines of a file, last first, read in chunks from its end (nothing when it is not a regular file). */
function* linesFromEnd(path: string): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return;
    let end = st.size;
    let rest: Buffer = Buffer.alloc(0);
    // True while reading back through a line too long to be one this log wrote: all of it is dropped.
    let skipping = false;
    const take = (line: Buffer): string | null => {
      const dropped = skipping;
      skipping = false;
      return !dropped && line.length > 0 && line.length <= MAX_LINE_BYTES ? line.toString('utf8') : null;
    };
    while (end > 0) {
      const start = Math.max(0, end - CHUNK);
      const chunk = Buffer.alloc(end - start);
      readSync(fd, chunk, 0, chunk.length, start);
      let buf = Buffer.concat([chunk, rest]);
      end = start;
      let nl = buf.lastIndexOf(0x0a);
      while (nl >= 0) {
        const line = take(buf.subarray(nl + 1));
        if (line !== null) yield line;
        buf = buf.subarray(0, nl);
        nl = buf.lastIndexOf(0x0a);
      }
      if (buf.length > MAX_LINE_BYTES) {
        skipping = true;
        rest = Buffer.alloc(0);
      } else rest = Buffer.from(buf);
    }
    const first = take(rest);
    if (first !== null) yield first;
  } finally {
    closeSync(fd);
  }
}
