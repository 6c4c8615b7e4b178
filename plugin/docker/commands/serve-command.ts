// `aish docker serve [--port N]`: the Docker button's HTTP endpoint on 127.0.0.1 until Ctrl-C.
import type { AddressInfo } from 'node:net';
import { UsageError, type Subcommand } from '../../plugin-api';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write';
import { ensurePrivateDir } from '../../files/private-dir';
import { serveTokenPath } from '../../tekton/state-paths';
import { stateDir } from '../../tekton/env';
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
    const { server, token } = await startDockerServer({ port, env: ctx.env, log: (l) => ctx.stderr.write(`${l}\n`) });
    // Callers on this host, as this user (TektonCore, Hephaestus' server), read this run's token here;
    // it is never printed or put in a cookie.
    const tokenFile = serveTokenPath(stateDir(ctx.env));
    ensurePrivateDir(dirname(tokenFile));
    writeFileAtomic(tokenFile, `${token}\n`, 0o600);
    const actual = (server.address() as AddressInfo).port;
    ctx.stdout.write(
      `serving POST http://127.0.0.1:${actual}/api/projects/{id}/docker/generate (Ctrl-C stops)\n` +
        `callers send the token in ${tokenFile} as X-Aish-Token, with an Origin header\n`,
    );
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return 0;
  },
};
