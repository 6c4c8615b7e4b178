// A real image registry on loopback for `aish docker push` and the promotion tests: Debian's
// docker-registry (the Distribution registry), started by the setup like the engine. It listens on
// 127.0.0.1 only and needs no TLS there: the engine treats 127.0.0.0/8 registries as insecure-allowed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isRootOnDebian } from './host-packages';
import { runCommand } from './run-command';
import { say } from './say';

/** Where the setup's registry listens unless TEKTON_REGISTRY says otherwise. */
export const DEFAULT_REGISTRY = '127.0.0.1:5000';
const BINARY = '/usr/bin/docker-registry';
const LOG = '/var/log/tekton-registry.log';

/** The registry's configuration: loopback only, filesystem storage, deletes allowed (for clean-up). */
export function registryConfig(addr: string, storageDir: string): string {
  return [
    'version: 0.1',
    'log: { level: warn }',
    `storage: { filesystem: { rootdirectory: ${storageDir} }, delete: { enabled: true } }`,
    `http: { addr: "${addr}", headers: { X-Content-Type-Options: [nosniff] } }`,
    '',
  ].join('\n');
}

/** True when a Distribution registry answers `GET /v2/` at `addr` (200, or 401 when it wants a login). */
export async function registryAnswers(addr: string, timeoutMs = 1500): Promise<boolean> {
  try {
    const res = await fetch(`http://${addr}/v2/`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.status === 200 || res.status === 401;
  } catch {
    return false;
  }
}

/** Makes sure a registry answers at TEKTON_REGISTRY (default 127.0.0.1:5000), starting Debian's when allowed. */
export async function ensureImageRegistry(cacheDir: string, env = process.env): Promise<string | null> {
  const addr = env.TEKTON_REGISTRY || DEFAULT_REGISTRY;
  if (await registryAnswers(addr)) return addr;
  if (env.TEKTON_REGISTRY) {
    say(`TEKTON_REGISTRY is ${addr} but no registry answers there; 'aish docker push' will say so`);
    return null;
  }
  if (!isRootOnDebian()) {
    say(`no image registry answers at ${addr} (install Debian's docker-registry, or set TEKTON_REGISTRY)`);
    return null;
  }
  if (!existsSync(BINARY)) {
    say('installing docker-registry with apt-get (log: /var/log/tekton-apt.log)');
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await runCommand('apt-get', ['install', '-y', '--no-install-recommends', 'docker-registry'], {
      logFile: '/var/log/tekton-apt.log',
      env: aptEnv,
    }).catch(async () => {
      await runCommand('apt-get', ['update'], { logFile: '/var/log/tekton-apt.log', env: aptEnv });
      await runCommand('apt-get', ['install', '-y', '--no-install-recommends', 'docker-registry'], {
        logFile: '/var/log/tekton-apt.log',
        env: aptEnv,
      });
    });
  }
  const storage = '/var/lib/tekton-registry';
  mkdirSync(storage, { recursive: true });
  const config = join(cacheDir, 'registry.yml');
  writeFileSync(config, registryConfig(addr, storage));
  const log = openSync(LOG, 'a');
  spawn(BINARY, ['serve', config], { detached: true, stdio: ['ignore', log, log] }).unref();
  for (let i = 0; i < 40; i++) {
    if (await registryAnswers(addr)) {
      say(`image registry answers at ${addr} (log: ${LOG})`);
      return addr;
    }
    await delay(250);
  }
  say(`the image registry did not answer at ${addr} within 10 s; see ${LOG}`);
  return null;
}
