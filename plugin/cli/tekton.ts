// The `tekton` wrapper (package bin, bundled to dist/tekton.js): `tekton status [--json]` is
// Tekton's own status with the container CIs added (the plugin's status hook), in Tekton's table
// and JSON shape; every other subcommand goes to Tekton's launcher unchanged.
import { spawn } from 'node:child_process';
import { createPlugin } from '../index';
import { loadTektonEnv } from '../tekton/env';
import { findTektonLauncher } from '../tekton/launcher';
import { formatStatusTable, mergeStatusJson } from '../tekton/status-merge';
import { runInherited } from './host-io';

/** Runs the wrapper with `argv` (without node and script); resolves the exit status. */
export async function tektonMain(argv: string[]): Promise<number> {
  const env = loadTektonEnv();
  const launcher = findTektonLauncher(env, process.argv[1] ?? '');
  if (argv[0] !== 'status') {
    if (launcher) return runInherited(launcher, argv);
    process.stderr.write(`Error: Tekton's launcher was not found (looked at TEKTON_LAUNCHER, $TEKTON_ROOT/tekton and PATH); ` +
      `set TEKTON_ROOT or TEKTON_LAUNCHER to use 'tekton ${argv.join(' ')}'. Without Tekton only 'tekton status' works here.\n`);
    return 2;
  }
  const json = argv.includes('--json');
  const tekton = launcher ? await capture(launcher, argv) : null;
  const plugin = createPlugin({ env });
  let rows: Awaited<ReturnType<NonNullable<typeof plugin.hooks.status>>> = [];
  try {
    rows = (await plugin.hooks.status?.()) ?? [];
  } catch (error) {
    process.stderr.write(`Error: the container CI rows could not be collected: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  if (json) {
    try {
      process.stdout.write(JSON.stringify(mergeStatusJson(tekton?.stdout ?? null, rows), null, 2) + '\n');
    } catch (error) {
      // Tekton printed something we do not understand: show it untouched rather than lose it.
      process.stdout.write(tekton?.stdout ?? '');
      process.stderr.write(`Error: could not add container CIs to Tekton's status JSON: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
  } else {
    if (tekton) process.stdout.write(tekton.stdout);
    else process.stdout.write('Tekton is not installed here (set TEKTON_ROOT): showing container CIs only.\n');
    process.stdout.write(formatStatusTable(rows) || '\nNo container CIs.\n');
  }
  return tekton?.status ?? 0;
}

function capture(path: string, args: string[]): Promise<{ stdout: string; status: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['inherit', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.once('error', (error) => reject(new Error(`could not run Tekton's launcher ${path}: ${error.message}`, { cause: error })));
    child.once('close', (code) => resolve({ stdout, status: code ?? 1 }));
  });
}

tektonMain(process.argv.slice(2)).then(
  (status) => process.stdout.write('', () => process.exit(status)),
  (error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
