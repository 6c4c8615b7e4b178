// Tekton's environment (TEKTON.md, Environment) and where our state lives (docs/design-decisions.md,
// Host state). Reading files is the only side effect; it comes in through `io` and defaults here.
import { existsSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parseDotEnv } from './dotenv';
import { defaultStatusPlanIo } from './status-plan-io';
import { runnable, type StatusPlanIo } from './tekton-status-plan';
import { DEFAULT_AI_PORT_BASE, DEFAULT_PORT_BASE, PORT_OFFSETS, envPrefix, normaliseComponent } from './ports';

/** An environment: the process's, with Tekton's .env files applied. */
export type Env = Record<string, string | undefined>;

/** File access used by the functions below; tests pass their own. */
export interface EnvIo {
  readFile(path: string): string | null;
  exists(path: string): boolean;
  home(): string;
}

/** The real file system. */
export const defaultEnvIo: EnvIo = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  exists: (path) => existsSync(path),
  home: () => homedir(),
};

/** The .env files Tekton reads, in order (later files win). */
export function tektonEnvFiles(tektonRoot: string | undefined, home: string): string[] {
  const files = [join(home, '.env')];
  if (tektonRoot) files.push(join(tektonRoot, '.env.tekton'), join(tektonRoot, '.env.local'));
  return files;
}

/**
 * The process environment with Tekton's .env files applied: ~/.env, then $TEKTON_ROOT/.env.tekton,
 * then $TEKTON_ROOT/.env.local; values in those files win over the process environment.
 */
export function loadTektonEnv(processEnv: Env = process.env, io: EnvIo = defaultEnvIo): Env {
  const home = processEnv.HOME || io.home();
  const fromHome = readEnvFile(join(home, '.env'), io);
  // TEKTON_ROOT may itself be set in ~/.env.
  const root = fromHome.TEKTON_ROOT ?? processEnv.TEKTON_ROOT;
  const merged: Env = { ...processEnv, ...fromHome };
  for (const file of tektonEnvFiles(root, home).slice(1)) Object.assign(merged, readEnvFile(file, io));
  return merged;
}

function readEnvFile(path: string, io: EnvIo): Record<string, string> {
  const text = io.readFile(path);
  return text === null ? {} : parseDotEnv(text);
}

/** Tekton is installed when TEKTON_ROOT names an existing directory. */
export function tektonRoot(env: Env, io: Pick<EnvIo, 'exists'> = defaultEnvIo): string | null {
  const root = env.TEKTON_ROOT;
  return root && io.exists(root) ? root : null;
}

/**
 * Our host state directory: $TEKTON_STATE_DIR (tests), else $TEKTON_ROOT/.tekton when Tekton is
 * installed, else ${XDG_STATE_HOME:-~/.local/state}/tekton.
 */
export function stateDir(env: Env, io: Pick<EnvIo, 'exists' | 'home'> = defaultEnvIo): string {
  if (env.TEKTON_STATE_DIR) return env.TEKTON_STATE_DIR;
  const root = tektonRoot(env, io);
  if (root) return join(root, '.tekton');
  const xdg = env.XDG_STATE_HOME || join(env.HOME || io.home(), '.local', 'state');
  return join(xdg, 'tekton');
}

/** Port of a Tekton component (or of its CI with `ai: true`): <NAME>_PORT, else base + offset. */
export function componentPort(name: string, env: Env, options: { ai?: boolean } = {}): number {
  const prefix = envPrefix(name);
  const explicit = options.ai ? env[`${prefix}_AI_PORT`] : env[`${prefix}_PORT`];
  if (explicit) {
    const port = Number(explicit);
    if (Number.isInteger(port) && port > 0 && port < 65536) return port;
    throw new Error(
      `${prefix}_${options.ai ? 'AI_' : ''}PORT is '${explicit}', not a port number (1-65535): fix it in the environment or a Tekton .env file`,
    );
  }
  const offset = PORT_OFFSETS[normaliseComponent(name)];
  if (offset === undefined) {
    throw new Error(
      `Unknown Tekton component '${name}': known are ${Object.keys(PORT_OFFSETS).join(', ')}; set ${prefix}_PORT to reach another one`,
    );
  }
  const baseVar = options.ai ? 'TEKTON_AI_PORT_BASE' : 'TEKTON_PORT_BASE';
  const base = Number(env[baseVar] || (options.ai ? DEFAULT_AI_PORT_BASE : DEFAULT_PORT_BASE));
  if (!Number.isInteger(base)) throw new Error(`${baseVar} is '${env[baseVar]}', not a number: fix it or unset it`);
  return base + offset;
}

/** URL of a Tekton component: http://<NAME>_HOST|TEKTON_HOST|localhost:<port>. */
export function componentUrl(name: string, env: Env): string {
  const host = env[`${envPrefix(name)}_HOST`] || env.TEKTON_HOST || 'localhost';
  return `http://${host}:${componentPort(name, env)}`;
}

/** The sender's identity in messages: TEKTON_NAME, else USER. */
export function senderName(env: Env): string {
  return env.TEKTON_NAME || env.USER || env.LOGNAME || accountName() || 'unknown';
}

// Services and CI runs often have no USER in their environment; the account still has a name.
function accountName(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

/** Path of the real Tekton aish ($TEKTON_ROOT/shared/aish/aish) when it is installed, else null. */
export function tektonAishPath(env: Env, io: Pick<EnvIo, 'exists'> = defaultEnvIo): string | null {
  const root = env.TEKTON_ROOT;
  if (!root) return null;
  const path = join(root, 'shared', 'aish', 'aish');
  return io.exists(path) ? path : null;
}

/** Path of Tekton's own launcher when it runs on this OS: TEKTON_LAUNCHER, else $TEKTON_ROOT/tekton or
 * $TEKTON_ROOT/scripts/tekton; null otherwise (the public one is a macOS program, see tekton-status-plan). */
export function tektonLauncherPath(env: Env, io: StatusPlanIo = defaultStatusPlanIo): string | null {
  if (env.TEKTON_LAUNCHER) return env.TEKTON_LAUNCHER;
  const root = env.TEKTON_ROOT;
  if (!root) return null;
  return [join(root, 'tekton'), join(root, 'scripts', 'tekton')].find((p) => runnable(p, io)) ?? null;
}
