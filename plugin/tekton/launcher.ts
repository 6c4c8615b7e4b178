// Finding Tekton's own `tekton` launcher, so our `tekton` wrapper can add rows to it and pass the
// other subcommands through: TEKTON_LAUNCHER, else $TEKTON_ROOT/tekton, else the next `tekton`
// on PATH that is not this wrapper.
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tektonLauncherPath, type Env } from './env';
import { defaultStatusPlanIo } from './status-plan-io';
import { runnable } from './tekton-status-plan';

/** Path of Tekton's launcher, or null when Tekton is not installed. `self` is this wrapper's path. */
export function findTektonLauncher(env: Env, self: string): string | null {
  const configured = tektonLauncherPath(env);
  if (configured) return configured;
  const me = real(self);
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'tekton');
    // Tekton's env puts $TEKTON_ROOT/scripts on PATH, whose `tekton` is a macOS program: skip what cannot run here.
    if (!executable(candidate) || !runnable(candidate, defaultStatusPlanIo)) continue;
    if (real(candidate) !== me) return candidate;
  }
  return null;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
