// Makes sure a Docker engine answers: DOCKER_HOST or the default socket; else, as root on Debian,
// install docker.io and start dockerd in the background; else stop saying how to get Docker.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Docker from 'dockerode';
import { ensureHostPackages, isRootOnDebian } from './host-packages';
import { say } from './say';
import { pollUntil } from '../../protocol';

/** Where dockerd's output goes when the setup starts it. */
export const DOCKERD_LOG = '/var/log/tekton-dockerd.log';
/** How long to wait for a dockerd we started to answer. */
export const DOCKERD_START_TIMEOUT_MS = 90_000;

/** Resolves true when the engine answers a ping within `timeoutMs`. */
export async function engineAnswers(docker: Docker, timeoutMs = 3000): Promise<boolean> {
  try {
    await Promise.race([
      docker.ping(),
      delay(timeoutMs, undefined, { ref: false }).then(() => Promise.reject(new Error('timeout'))),
    ]);
    return true;
  } catch {
    return false;
  }
}

/** Returns a client of an engine that answers, starting (and first installing) one when allowed. */
export async function ensureDockerEngine(): Promise<Docker> {
  const docker = new Docker();
  const where = process.env.DOCKER_HOST || '/var/run/docker.sock';
  if (await engineAnswers(docker)) return docker;
  if (process.env.DOCKER_HOST) {
    throw new Error(
      `DOCKER_HOST is ${where} but no Docker engine answers there: start that engine, or unset DOCKER_HOST to use the local one`,
    );
  }
  if (!isRootOnDebian()) {
    throw new Error(
      `No Docker engine answers at ${where}. Install and start Docker (Debian: as root, \`apt-get install docker.io\` then \`dockerd &\`; ` +
        'or run `npm run setup` as root, which does it), make its socket reachable for your user, or set DOCKER_HOST; then run this again.',
    );
  }
  await ensureHostPackages();
  say(`starting dockerd in the background (log: ${DOCKERD_LOG})`);
  startDockerd();
  if (await waitForEngine(docker, DOCKERD_START_TIMEOUT_MS)) {
    say('dockerd answers');
    return docker;
  }
  throw new Error(`dockerd did not answer within ${DOCKERD_START_TIMEOUT_MS / 1000} s; see ${DOCKERD_LOG} for why`);
}

/** Starts dockerd detached from this process, its output appended to `log`; returns its pid. */
export function startDockerd(opts: { args?: string[]; log?: string } = {}): number | undefined {
  const logPath = opts.log ?? DOCKERD_LOG;
  mkdirSync(dirname(logPath), { recursive: true });
  const log = openSync(logPath, 'a');
  const dockerd = existsSync('/usr/sbin/dockerd') ? '/usr/sbin/dockerd' : 'dockerd';
  const child = spawn(dockerd, opts.args ?? [], { detached: true, stdio: ['ignore', log, log] });
  child.unref();
  return child.pid;
}

/** Polls until the engine answers; false when `timeoutMs` passes first. */
export async function waitForEngine(docker: Docker, timeoutMs: number): Promise<boolean> {
  return (
    await pollUntil(
      () => engineAnswers(docker, 2000),
      (up) => up,
      { timeoutMs, intervalMs: 500 },
    )
  ).ok;
}
