// The `tekton` wrapper (package bin, bundled to dist/tekton.js): `tekton status [--json]` runs the
// plugin's `tekton status` (plugin/status: Tekton's own status with the container CIs merged in,
// in Tekton's table and JSON shape); every other subcommand goes to Tekton's launcher unchanged.
import { createPlugin } from '../index';
import { loadTektonEnv } from '../tekton/env';
import { findTektonLauncher } from '../tekton/launcher';
import { defaultStatusPlanIo } from '../tekton/status-plan-io';
import { planTektonStatus } from '../tekton/tekton-status-plan';
import { dispatch } from './dispatch';
import { processHostIo, runInherited } from './host-io';

/** Runs the wrapper with `argv` (without node and script); resolves the exit status. */
export async function tektonMain(argv: string[]): Promise<number> {
  const env = loadTektonEnv();
  const launcher = findTektonLauncher(env, process.argv[1] ?? '');
  if (argv[0] === 'status') {
    // The status family finds Tekton through TEKTON_LAUNCHER; hand it the launcher found on PATH too.
    const withLauncher = launcher ? { ...env, TEKTON_LAUNCHER: launcher } : env;
    const plugin = createPlugin({ env: withLauncher });
    return dispatch(plugin, ['tekton', ...argv], processHostIo(withLauncher), new AbortController().signal);
  }
  if (launcher) return runInherited(launcher, argv);
  const plan = planTektonStatus({ ...env, TEKTON_LAUNCHER: undefined }, defaultStatusPlanIo);
  if (plan.kind === 'run' && env.TEKTON_ROOT) {
    process.stderr.write(
      `Error: Tekton's launcher does not run on ${process.platform} (in the public repository it is a macOS program); ` +
        `'tekton status' works here through its status script, other subcommands need a launcher: set TEKTON_LAUNCHER to one that runs here.\n`,
    );
    return 2;
  }
  process.stderr.write(
    `Error: Tekton's launcher was not found (looked at TEKTON_LAUNCHER, $TEKTON_ROOT/tekton and PATH); ` +
      `set TEKTON_ROOT or TEKTON_LAUNCHER to use 'tekton ${argv.join(' ')}'. Without Tekton only 'tekton status' works here.\n`,
  );
  return 2;
}

tektonMain(process.argv.slice(2)).then(
  (status) => process.stdout.write('', () => process.exit(status)),
  (error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
