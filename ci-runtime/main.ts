// Entry point of the container CI (bundled to /opt/tekton-ci/ci-runtime.js, run under tini):
// argv after the script overrides the main application's command.
import { setFlagsFromString } from 'node:v8';
import { createRecipeEngine } from './recipe-engine/index';
import { takeAppEnv } from './app-env';
import { startCi } from './ci';

async function main(): Promise<void> {
  // The CI does little computing: without the optimising compiler its RSS stays ~5 MB lower under
  // load and its status p99 was no worse (measured, docs/benchmarks.md). Flags cannot be passed on
  // the image's fixed ENTRYPOINT, and this one is safe to set at run time.
  setFlagsFromString('--no-opt');
  const out = (line: string) => process.stdout.write(`${line}\n`);
  // First thing: take the app's environment from clean-exec's memfd, so no child inherits the fd.
  const appEnv = takeAppEnv(process.env);
  delete process.env.TEKTON_CI_APP_ENV_FD;
  const ci = await startCi({
    env: process.env,
    appEnv,
    argv: process.argv.slice(2),
    out,
    loadRecipes: (host, canDrop, confirmations) =>
      createRecipeEngine({ host, canDropPrivileges: canDrop, confirmations }),
    exit: (code) => process.exit(code),
  });
  for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => void ci.shutdown(`received ${sig}`));
  // A bug in the CI must not take the container's services down with it: log and keep serving.
  process.on('uncaughtException', (err) => out(`[tekton-ci] internal error: ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => out(`[tekton-ci] internal error: ${String((err as Error)?.stack ?? err)}`));
}

main().catch((err: Error) => {
  process.stderr.write(`[tekton-ci] cannot start: ${err.message}\n`);
  process.exit(78);
});
