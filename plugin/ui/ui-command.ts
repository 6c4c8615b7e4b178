// `aish ui [--port N] [--no-open]`: serves the web app (Projects and Containers) on 127.0.0.1,
// prints its URL with this run's token, opens a browser unless told not to, and runs until Ctrl-C.
import { spawn } from 'node:child_process';
import { UsageError, type CommandFamily } from '../plugin-api';
import { stateDir as resolveStateDir } from '../tekton/env';
import { writeLaunchPage } from './launch-page';

/**
 * Opens `target` (a file path: never the URL, whose token every local user would read in the opener's
 * and the browser's argv, launch-page.ts) with the desktop's opener; false when there is none.
 */
function openBrowser(target: string, env: Record<string, string | undefined>): boolean {
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY && process.platform === 'linux') return false;
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [target], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** The `ui` family: no subcommands, it runs itself. */
export const uiFamily: CommandFamily = {
  name: 'ui',
  summary:
    'Web app on 127.0.0.1: Projects (🐳 Docker button) and Containers (Ergon tab); --port N (default: a free one), --no-open',
  subcommands: [],
  options: { port: { type: 'string', short: 'p' }, 'no-open': { type: 'boolean' } },
  async run(ctx) {
    const raw = ctx.options.port;
    const port = raw === undefined ? 0 : Number(raw);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port '${String(raw)}' is not a port number (0-65535; 0 picks a free one)`);
    let ui;
    try {
      // Loaded when run: the server's modules stay out of every other command's start-up.
      const { startUiServer } = await import('./ui-server');
      ui = await startUiServer({ env: ctx.env, port });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EADDRINUSE')
        throw new UsageError(
          `port ${port} on 127.0.0.1 is in use; pick another with --port N, or --port 0 for a free one`,
        );
      throw err;
    }
    ctx.stdout.write(`aish ui: ${ui.url}\n(127.0.0.1 only; the token in this URL is this run's key. Ctrl-C stops.)\n`);
    const page = ctx.options['no-open'] === true ? null : writeLaunchPage(resolveStateDir(ctx.env), ui.url);
    if (page && !openBrowser(page.path, ctx.env)) {
      page.remove();
      ctx.stdout.write('No desktop to open a browser on: open the URL above yourself.\n');
    }
    // Runs until Ctrl-C: the REPL aborts the command's signal; run alone, the process gets SIGINT.
    await new Promise<void>((resolve) => {
      const done = () => {
        process.off('SIGINT', done);
        process.off('SIGTERM', done);
        resolve();
      };
      if (ctx.signal.aborted) return done();
      ctx.signal.addEventListener('abort', done, { once: true });
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    page?.remove();
    await ui.close();
    ctx.stdout.write('aish ui: stopped\n');
    return 0;
  },
};
