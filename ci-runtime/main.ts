// Entry point of the container CI (bundled to /opt/tekton-ci/ci-runtime.js, run under tini):
// argv after the script overrides the main application's command.
import { createRecipeEngine } from './recipe-engine/index';
import { startCi } from './ci';

async function main(): Promise<void> {
  const out = (line: string) => process.stdout.write(line + '\n');
  const ci = await startCi({
    env: process.env,
    argv: process.argv.slice(2),
    out,
    loadRecipes: (host) => createRecipeEngine({ host }),
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
