// The app's environment, for the app's services only. In a generated image the CI is started by
// clean-exec (ci-runtime/clean-exec/clean-exec.c), which gives the CI itself a clean environment and
// hands the one Docker gave (the image's ENV plus `docker run -e`) over in a memfd. Read once, the
// descriptor is closed, so no process the CI starts inherits it.
import { closeSync, readFileSync, readlinkSync } from 'node:fs';

/** Where the app's environment came from: clean-exec's memfd, or (older images) the CI's own. */
export type AppEnvSource = 'clean-exec' | 'inherited';

/** The variable clean-exec sets to the memfd's descriptor. */
export const APP_ENV_FD = 'TEKTON_CI_APP_ENV_FD';
const MEMFD_NAME = '/memfd:tekton-app-env';

/** Side effects, defaulted to this process's descriptors. */
export interface AppEnvIo {
  readFd(fd: number): Buffer;
  closeFd(fd: number): void;
  /** What /proc/self/fd/<fd> points at. */
  linkOf(fd: number): string;
}

const processIo: AppEnvIo = {
  readFd: (fd) => readFileSync(fd),
  closeFd: (fd) => closeSync(fd),
  linkOf: (fd) => readlinkSync(`/proc/self/fd/${fd}`),
};

/** Parses NUL-separated `NAME=value` entries (the layout of /proc/<pid>/environ). */
export function parseEnvBlock(block: Buffer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of block.toString('utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/**
 * The app's environment: clean-exec's memfd when `env` names one (checked to be that memfd, not
 * any descriptor a variable points at), else `env` itself (an image built before clean-exec, a
 * hand-made image, or the CI run outside a container).
 */
export function takeAppEnv(
  env: Record<string, string | undefined>,
  io: AppEnvIo = processIo,
): { appEnv: Record<string, string>; source: AppEnvSource } {
  const raw = env[APP_ENV_FD];
  const fd = raw && /^\d{1,6}$/.test(raw) ? Number(raw) : null;
  let link = '';
  try {
    link = fd === null ? '' : io.linkOf(fd);
  } catch {
    link = '';
  }
  if (fd !== null && link.startsWith(MEMFD_NAME)) {
    try {
      return { appEnv: parseEnvBlock(io.readFd(fd)), source: 'clean-exec' };
    } finally {
      io.closeFd(fd);
    }
  }
  const appEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k !== APP_ENV_FD) appEnv[k] = v;
  return { appEnv, source: 'inherited' };
}
