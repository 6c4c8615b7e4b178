// One setup at a time on a machine: the engine, the base images and the map are shared by every
// checkout. A lock directory holding the owner's pid; a lock whose owner is gone is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { say } from './say';

/** Where the lock lives (machine-wide). */
export const SETUP_LOCK = join(tmpdir(), 'tekton-setup.lock');
/** Longest wait for another setup (building the base images from nothing takes minutes). */
export const SETUP_LOCK_WAIT_MS = 30 * 60_000;

/** Runs `work` holding the setup lock. */
export async function withSetupLock<T>(work: () => Promise<T>, path = SETUP_LOCK): Promise<T> {
  const deadline = Date.now() + SETUP_LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerPid(path);
      if (owner === null || !alive(owner)) {
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(
          `another setup (pid ${owner}) has held ${path} for over ${SETUP_LOCK_WAIT_MS / 60_000} min; stop it or remove the lock`,
        );
      if (!told) say(`waiting for another setup to finish (pid ${owner})`);
      told = true;
      await delay(500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
}

function ownerPid(path: string): number | null {
  try {
    const pid = Number(readFileSync(join(path, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
