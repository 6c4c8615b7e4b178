// `ci monitor` (foreground, until Ctrl-C) and `ci top` (live view on a TTY, one snapshot without).
import { writeControl } from '../../render/text-only-stream';
import { UsageError, type CommandContext, type Subcommand } from '../../plugin-api';
import type { HostDeps } from '../../host';
import { CiMonitor, type MonitorListener } from '../../monitor/monitor';
import { renderTop } from '../../render/top-view';
import { createHermesListener } from '../../monitor/hermes-listener';

type MakeDeps = (env: Record<string, string | undefined>) => HostDeps;

function seconds(ctx: CommandContext, name: string, fallback: number): number {
  const raw = ctx.options[name];
  if (raw === undefined) return fallback;
  const s = Number(raw);
  if (!Number.isFinite(s) || s <= 0)
    throw new UsageError(`--${name} '${String(raw)}' is not a positive number of seconds`);
  return s * 1000;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** `ci monitor [--interval S] [--auto-heal] [--no-hermes]` */
export function monitorCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'monitor',
    summary: 'Watch the container CIs: events, health changes, optional auto-heal, Hermes heartbeats',
    usage: 'ci monitor [--interval S] [--auto-heal] [--no-hermes]',
    options: { interval: { type: 'string' }, 'auto-heal': { type: 'boolean' }, 'no-hermes': { type: 'boolean' } },
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const notify = (line: string) => ctx.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
      const listeners: MonitorListener[] = [];
      const hermes =
        ctx.options['no-hermes'] === true ? null : createHermesListener(ctx.env, (l) => ctx.stderr.write(`${l}\n`));
      if (hermes) listeners.push(hermes);
      const monitor = new CiMonitor({
        deps,
        notify,
        intervalMs: seconds(ctx, 'interval', 30_000),
        autoHeal: ctx.options['auto-heal'] === true,
        listeners,
      });
      await monitor.start();
      notify(`monitoring ${monitor.watched().length} container CIs (Ctrl-C to stop)`);
      await untilAborted(ctx.signal);
      await monitor.stop();
      await hermes?.close();
      return 0;
    },
  };
}

/** `ci top [--interval S]` */
export function topCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'top',
    summary: 'Live view of the container CIs with memory and CPU sparklines per service',
    usage: 'ci top [--interval S]',
    options: { interval: { type: 'string' } },
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      // The redraw timer below drives probing; the monitor's own periodic probe stays out of the way.
      const monitor = new CiMonitor({ deps, notify: () => undefined, intervalMs: 3_600_000 });
      await monitor.start();
      if (!ctx.interactive) {
        ctx.stdout.write(renderTop(monitor.history, new Date()));
        await monitor.stop();
        return 0;
      }
      const draw = () => {
        writeControl(ctx.stdout, '\x1b[H\x1b[2J');
        ctx.stdout.write(`${renderTop(monitor.history, new Date())}\n(Ctrl-C to quit)\n`);
      };
      draw();
      const timer = setInterval(
        () => {
          void monitor.probeAll().then(draw);
        },
        seconds(ctx, 'interval', 2000),
      );
      await untilAborted(ctx.signal);
      clearInterval(timer);
      await monitor.stop();
      return 0;
    },
  };
}
