// The docker CLI on this terminal, for what needs the user's TTY end to end (`ci shell`): the CLI
// itself handles raw mode, window size, signals and the engine to use (DOCKER_HOST, contexts).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Runs `docker <args>` with inherited stdio; resolves its exit status (128+signal when killed). */
export function runDockerInherited(args: string[], env: Record<string, string | undefined>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', args, { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    child.once('error', (error) => {
      reject(
        new Error(`could not run the docker CLI (${error.message}); it is needed here: install it or put it on PATH`, {
          cause: error,
        }),
      );
    });
    child.once('exit', (code, sig) => resolve(code ?? 128 + (sig ? (constants.signals[sig] ?? 1) : 1)));
  });
}
