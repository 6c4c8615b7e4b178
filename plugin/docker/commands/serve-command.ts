// `aish docker serve [--port N]`: the Docker button's HTTP endpoint on 127.0.0.1 until Ctrl-C.
import type { AddressInfo } from 'node:net';
import { UsageError, type Subcommand } from '../../plugin-api';
import { startDockerServer } from '../project/serve-http';

/** Default port: TektonCore's (8010) plus one, so both can run side by side. */
export const DEFAULT_SERVE_PORT = 8011;

/** The serve subcommand. */
export const serveCommand: Subcommand = {
  name: 'serve',
  summary: 'Serve POST /api/projects/{id}/docker/generate on 127.0.0.1 (the TektonCore Docker button)',
  usage: '[--port N]',
  options: { port: { type: 'string', short: 'p' } },
  async run(ctx) {
    const port =
      ctx.options.port === undefined
        ? Number(ctx.env.TEKTON_DOCKER_SERVE_PORT ?? DEFAULT_SERVE_PORT)
        : Number(ctx.options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port ${String(ctx.options.port)} is not a port number (0-65535)`);
    const server = await startDockerServer({ port, env: ctx.env, log: (l) => ctx.stderr.write(`${l}\n`) });
    const actual = (server.address() as AddressInfo).port;
    ctx.stdout.write(`serving POST http://127.0.0.1:${actual}/api/projects/{id}/docker/generate (Ctrl-C stops)\n`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return 0;
  },
};
