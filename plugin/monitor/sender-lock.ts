// One Hermes sender per state dir (so per host and user, however many shells): a pid file created
// exclusively. A stale file (its process gone, or not a sender) is replaced; a sender whose file
// names another process stops, so two that raced converge on one.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from '../files/private-dir';

/** What the pid file holds. */
export interface SenderRecord {
  pid: number;
  started_at: string;
  hermes: string;
}

/** The argument the sender process is started with; also how a live sender is recognised. */
export const SENDER_ARG = '__hermes-sender';

/** Reads the pid file; null when missing or unreadable. */
export function readSender(path: string): SenderRecord | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as SenderRecord;
    return Number.isInteger(v.pid) && v.pid > 0 ? v : null;
  } catch {
    return null;
  }
}

/** True when `pid` is alive and (where /proc tells) is a sender, not a reused pid. */
export function isSenderAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(SENDER_ARG);
  } catch {
    return true;
  }
}

/** The live sender's record, or null. */
export function liveSender(path: string): SenderRecord | null {
  const rec = readSender(path);
  return rec && isSenderAlive(rec.pid) ? rec : null;
}

/** Takes the pid file for this process; false when another live sender holds it. */
export function acquireSender(path: string, hermes: string): boolean {
  ensurePrivateDir(dirname(path));
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      const record: SenderRecord = { pid: process.pid, started_at: new Date().toISOString(), hermes };
      try {
        writeSync(fd, JSON.stringify(record));
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const rec = readSender(path);
      if (rec && rec.pid !== process.pid && isSenderAlive(rec.pid)) return false;
      try {
        unlinkSync(path);
      } catch {
        /* another starter removed it first */
      }
    }
  }
  return false;
}

/** True while the pid file still names this process. */
export function stillOurs(path: string): boolean {
  return readSender(path)?.pid === process.pid;
}

/** Removes the pid file if it is ours. */
export function releaseSender(path: string): void {
  if (stillOurs(path)) {
    try {
      unlinkSync(path);
    } catch {
      /* gone already */
    }
  }
}
