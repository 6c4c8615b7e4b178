// The `aish` front-end (package bin, bundled to dist/aish.js): no arguments → the interactive
// shell; with arguments → one command and its exit status. See plugin/cli/dispatch.ts.
import { createPlugin } from '../index';
import { loadTektonEnv, stateDir } from '../tekton/env';
import { dispatch } from './dispatch';
import { ensureHermesSender, runHermesSender } from '../monitor/hermes-sender';
import { SENDER_ARG } from '../monitor/sender-lock';
import { historyPath } from './history';
import { processHostIo } from './host-io';
import { runRepl } from './repl';
import { reportError } from './report-error';

/** Runs aish with `argv` (without node and script) and resolves the exit status. */
export async function main(argv: string[]): Promise<number> {
  const env = loadTektonEnv();
  if (argv[0] === SENDER_ARG) return runHermesSender(env);
  const io = processHostIo(env);
  const plugin = createPlugin({ env, ensureSender: () => ensureHermesSender(env) });
  if (argv.length === 0) {
    return runRepl({
      plugin,
      io,
      input: process.stdin,
      output: process.stdout,
      historyFile: historyPath(stateDir(env)),
    });
  }
  const controller = new AbortController();
  // First Ctrl-C asks the command to stop; a second one leaves at once.
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(new Error('cancelled by Ctrl-C'));
  };
  process.on('SIGINT', onSigint);
  try {
    return await dispatch(plugin, argv, io, controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
    // Any command may have started a container CI (or found one running): Hermes must hear of it.
    await ensureHermesSender(env);
  }
}

main(process.argv.slice(2)).then(
  (status) => exit(status),
  (error: unknown) => exit(reportError(error, process.stderr)),
);

// Exit explicitly: a plugin may leave sockets (Docker keep-alive) open. On Linux, writes to
// pipes, files and terminals are synchronous, so nothing printed is lost.
function exit(status: number): void {
  process.stdout.write('', () => process.exit(status));
}
