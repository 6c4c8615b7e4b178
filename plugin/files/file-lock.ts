// A lock file created with O_EXCL holding the owner's pid. A lock whose pid is gone (killed -9)
// or that is older than staleMs is broken, so a crashed writer never blocks the others forever.
import { openSync, writeSync, closeSync, readFileSync, unlinkSync, statSync, renameSync } from 'node:fs';

/** Options for acquiring the lock. */
export interface LockOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number;
  /** A lock older than this is considered abandoned even if its pid exists (pid reuse). */
  staleMs?: number;
  isAlive?: (pid: number) => boolean;
}

/** True when a process with this pid exists (EPERM means it exists but is not ours). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock at `path`, runs `fn`, releases the lock. */
export async function withFileLock<T>(path: string, fn: () => Promise<T> | T, opts: LockOptions = {}): Promise<T> {
  const release = await acquireLock(path, opts);
  try {
    return await fn();
  } finally {
    release();
  }
}

/** Acquires the lock; the returned function releases it. */
export async function acquireLock(path: string, opts: LockOptions = {}): Promise<() => void> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const staleMs = opts.staleMs ?? 30_000;
  const isAlive = opts.isAlive ?? pidAlive;
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          /* already broken by someone who judged it stale */
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    breakIfStale(path, staleMs, isAlive);
    if (Date.now() > deadline) {
      throw new Error(
        `Lock ${path} is held by another process for more than ${timeoutMs} ms; if no aish is running, delete that file`,
      );
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 50);
  }
}

function breakIfStale(path: string, staleMs: number, isAlive: (pid: number) => boolean): void {
  let pidText: string;
  let ageMs: number;
  try {
    pidText = readFileSync(path, 'utf8');
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch {
    return;
  }
  const pid = Number(pidText);
  // An empty file is a writer caught between open and write: only stale once old.
  const dead = pidText !== '' && Number.isInteger(pid) && pid > 0 && !isAlive(pid);
  if (!dead && ageMs < staleMs) return;
  // Rename first so two processes that both judged it stale cannot both delete a fresh lock.
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
    const movedPid = readFileSync(aside, 'utf8');
    unlinkSync(aside);
    if (movedPid !== pidText) {
      // We moved a newer lock than the one we judged: put it back if the slot is still free.
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, movedPid);
        closeSync(fd);
      } catch {
        /* someone else holds it now */
      }
    }
  } catch {
    /* someone else broke it first */
  }
}
