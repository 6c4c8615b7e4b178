// `ci shell <ci>`: an interactive shell in the container: `docker exec -it` on this terminal, with
// inherited stdio (the docker CLI handles the remote engine, TTY size and signals).
import { CommandError, type Subcommand } from '../../plugin-api';
import type { HostDeps } from '../../host';
import { resolveCi } from '../../registry/resolve-ci';
import { runDockerInherited } from '../../engine/docker-cli';

/** The `ci shell` subcommand. */
export function shellCommand(makeDeps: (env: Record<string, string | undefined>) => HostDeps): Subcommand {
  return {
    name: 'shell',
    summary: 'Open an interactive shell in the container of a CI',
    usage: 'ci shell <ci> [--shell /bin/bash]',
    options: { shell: { type: 'string' } },
    async run(ctx) {
      if (!ctx.args[0]) throw new CommandError('which CI? usage: aish ci shell <ci>');
      if (!ctx.interactive)
        throw new CommandError(
          "ci shell needs a terminal (stdin is not a TTY); use 'docker exec <container> <command>' from scripts",
        );
      const entry = await resolveCi(makeDeps(ctx.env), ctx.args[0]);
      const shell = typeof ctx.options.shell === 'string' ? ctx.options.shell : '/bin/sh';
      // The terminal belongs to `docker exec -it` until it exits: the shell we may be running in (the
      // aish REPL) stops reading it and leaves raw mode to the docker CLI.
      const stdin = process.stdin;
      const wasRaw = stdin.isRaw;
      stdin.setRawMode?.(false);
      stdin.pause();
      let code: number;
      try {
        code = await runDockerInherited(['exec', '-it', entry.container_id, shell], ctx.env);
      } catch (err) {
        throw new CommandError((err as Error).message, { cause: err });
      } finally {
        stdin.setRawMode?.(wasRaw);
      }
      return code;
    },
  };
}
