// How to get Tekton's own status on this machine (TEKTON.md, `tekton status`): its launcher when
// it runs here, else its status script with Tekton's Python and environment. A plan is a value;
// reading files comes in through `io`, so tests decide what the checkout looks like.
import { delimiter, join } from 'node:path';
import { parseDotEnv } from './dotenv';
import type { Env } from './env';
import { programKind, runsOn } from './executable-format';

/** What the planner may look at. */
export interface StatusPlanIo {
  isFile(path: string): boolean;
  isDir(path: string): boolean;
  /** The first bytes of a file (after following links), or null when unreadable. */
  head(path: string): Uint8Array | null;
  readFile(path: string): string | null;
  platform: NodeJS.Platform;
}

/** A program to run and the environment to run it in. */
export interface StatusCommand {
  file: string;
  args: string[];
  env: Env;
  describe: string;
  cwd?: string;
}

/** No Tekton here; Tekton broken (one line why); or a command to run. */
export type TektonStatusPlan =
  | { kind: 'none' }
  | { kind: 'broken'; reason: string }
  | ({ kind: 'run' } & StatusCommand);

/** Tekton's status script, relative to TEKTON_ROOT. */
export const STATUS_SCRIPT = join('scripts', 'enhanced_tekton_status.py');
const COMPONENTS_YAML = join('config', 'tekton_components.yaml');
/** Tekton's template of ports; used only for ports none of its env files set. */
const PORT_TEMPLATE = '.env.local.example';

/** Decides how to run Tekton's status (pure given `io`). */
export function planTektonStatus(env: Env, io: StatusPlanIo): TektonStatusPlan {
  const launcher = env.TEKTON_LAUNCHER;
  const root = env.TEKTON_ROOT;
  if (launcher && (runnable(launcher, io) || !root)) return launcherPlan(launcher, env, io);
  if (!root) return { kind: 'none' };
  if (!io.isDir(root)) {
    const reason = `TEKTON_ROOT=${root} is not a directory; set it to your Tekton checkout or unset it`;
    return { kind: 'broken', reason };
  }
  for (const candidate of [join(root, 'tekton'), join(root, 'scripts', 'tekton')]) {
    if (!io.isFile(candidate)) continue;
    if (runnable(candidate, io)) return launcherPlan(candidate, env, io);
  }
  if (!io.isFile(join(root, STATUS_SCRIPT)) || !io.isFile(join(root, COMPONENTS_YAML))) {
    const reason =
      `TEKTON_ROOT=${root} is not a Tekton checkout (no ${STATUS_SCRIPT} or ${COMPONENTS_YAML}); ` +
      'point it at a clone of ckoons/Tekton';
    return { kind: 'broken', reason };
  }
  const python = tektonPython(root, env, io);
  return {
    kind: 'run',
    file: python,
    args: [join(root, STATUS_SCRIPT), '--json', '--no-storage'],
    env: scriptEnv(root, env, io),
    describe: `${python} ${STATUS_SCRIPT} --json`,
  };
}

/** True when `path` is a program file this OS can run. */
export function runnable(path: string, io: Pick<StatusPlanIo, 'isFile' | 'head' | 'platform'>): boolean {
  const head = io.isFile(path) ? io.head(path) : null;
  return !!head && runsOn(programKind(head), io.platform);
}

function launcherPlan(path: string, env: Env, io: StatusPlanIo): TektonStatusPlan {
  const head = io.head(path);
  const kind = head ? programKind(head) : 'unknown';
  if (head && !runsOn(kind, io.platform)) {
    const reason =
      `Tekton's launcher ${path} is a ${kind} program, which does not run on ${io.platform}; ` +
      'set TEKTON_ROOT (and unset TEKTON_LAUNCHER) to use its status script';
    return { kind: 'broken', reason };
  }
  // Tekton's launcher picks its Tekton from the current directory first: run it in TEKTON_ROOT.
  const cwd = env.TEKTON_ROOT && io.isDir(env.TEKTON_ROOT) ? { cwd: env.TEKTON_ROOT } : {};
  return { kind: 'run', file: path, args: ['status', '--json'], env, describe: `${path} status --json`, ...cwd };
}

/** Tekton's Python: TEKTON_PYTHON, a venv under TEKTON_ROOT, the active venv, else python3 on PATH. */
export function tektonPython(root: string, env: Env, io: Pick<StatusPlanIo, 'isFile' | 'platform'>): string {
  if (env.TEKTON_PYTHON) return env.TEKTON_PYTHON;
  const bin = io.platform === 'win32' ? join('Scripts', 'python.exe') : join('bin', 'python');
  const venvs = ['.venv', 'venv', '.tekton/venv'].map((v) => join(root, v));
  if (env.VIRTUAL_ENV) venvs.push(env.VIRTUAL_ENV);
  return venvs.map((v) => join(v, bin)).find((p) => io.isFile(p)) ?? 'python3';
}

/**
 * The environment Tekton's scripts expect (what its launcher would set up): TEKTON_ROOT, PYTHONPATH
 * with the root and shared/, its env files already applied by loadTektonEnv, the environment
 * marked as loaded, and any <COMPONENT>_PORT still missing taken from Tekton's port template.
 */
export function scriptEnv(root: string, env: Env, io: Pick<StatusPlanIo, 'readFile'>): Env {
  const template = parseDotEnv(io.readFile(join(root, PORT_TEMPLATE)) ?? '');
  const isPort = (k: string) => /(^TEKTON_(AI_)?PORT_BASE$)|_PORT$/.test(k);
  const ports = Object.fromEntries(Object.entries(template).filter(([k]) => isPort(k) && !env[k]));
  const pythonPath = [root, join(root, 'shared'), env.PYTHONPATH].filter(Boolean).join(delimiter);
  return {
    ...ports,
    ...env,
    TEKTON_ROOT: root,
    PYTHONPATH: pythonPath,
    _TEKTON_ENV_FROZEN: '1',
    PYTHONUNBUFFERED: '1',
  };
}
