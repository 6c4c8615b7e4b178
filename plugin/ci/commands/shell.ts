// `ci shell <ci>`: an interactive shell in the container, through node-pty running `docker exec -it`
// (the docker CLI handles the remote engine, TTY size and signals).
import { CommandError, type Subcommand } from '../../plugin-api';
import type { HostDeps } from '../../host';
import { resolveCi } from '../../registry/resolve-ci';

/** The `ci shell` subcommand. */
export function shellCommand(makeDeps: (env: Record<string, string | undefined>) => HostDeps): Subcommand {
  return {
    name: 'shell', summary: 'Open an interactive shell in the container of a CI', usage: 'ci shell <ci> [--shell /bin/bash]',
    options: { shell: { type: 'string' } },
    async run(ctx) {
      if (!ctx.args[0]) throw new CommandError('which CI? usage: aish ci shell <ci>');
      if (!ctx.interactive) throw new CommandError('ci shell needs a terminal (stdin is not a TTY); use \'docker exec <container> <command>\' from scripts');
      const entry = await resolveCi(makeDeps(ctx.env), ctx.args[0]);
      const shell = typeof ctx.options.shell === 'string' ? ctx.options.shell : '/bin/sh';
      const pty = await import('node-pty');
      const stdin = process.stdin;
      const term = pty.spawn('docker', ['exec', '-it', entry.container_id, shell], {
        name: process.env.TERM ?? 'xterm', cols: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24, env: ctx.env as Record<string, string>,
      });
      const onData = (d: Buffer) => term.write(d.toString('utf8'));
      const onResize = () => term.resize(process.stdout.columns ?? 80, process.stdout.rows ?? 24);
      term.onData((d) => ctx.stdout.write(d));
      const wasRaw = stdin.isRaw;
      stdin.setRawMode?.(true);
      stdin.resume();
      stdin.on('data', onData);
      process.stdout.on('resize', onResize);
      const code = await new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
      stdin.off('data', onData);
      process.stdout.off('resize', onResize);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      return code;
    },
  };
}
