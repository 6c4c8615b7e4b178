// `ergon start|stop|restart|rm <name>`: engine status codes say "already started/stopped" (304).
import { UsageError, type Subcommand } from '../../plugin-api';
import { removeStack } from '../stack-run';
import { runDirFor } from '../../tekton/state-paths';
import { removeRunDirsWhenUnmounted } from '../run-dir-removal';
import { askFirst, findContainer, type MakeDeps } from './ergon-deps';

const YES = { yes: { type: 'boolean', short: 'y' } } as const;

/** `ergon start <name>` */
export function startCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'start',
    summary: 'Start a stopped container',
    usage: 'ergon start <name>',
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const c = await findContainer(deps, ctx.args[0], this.usage);
      const started = await deps.containers.start(c.id);
      ctx.stdout.write(started ? `Started ${c.name}\n` : `${c.name} was already running\n`);
    },
  };
}

/** `ergon stop <name>` (asks first) */
export function stopCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'stop',
    summary: 'Stop a container (asks first)',
    usage: 'ergon stop <name> [--yes] [--time S]',
    options: { ...YES, time: { type: 'string', short: 't' } },
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const c = await findContainer(deps, ctx.args[0], this.usage);
      if (!(await askFirst(ctx, `Stop container ${c.name}?`))) {
        ctx.stdout.write('Not stopped.\n');
        return 1;
      }
      const stopped = await deps.containers.stop(c.id, ctx.options.time ? Number(ctx.options.time) : 10);
      ctx.stdout.write(stopped ? `Stopped ${c.name}\n` : `${c.name} was already stopped\n`);
    },
  };
}

/** `ergon restart <name>` */
export function restartCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'restart',
    summary: 'Restart a container',
    usage: 'ergon restart <name> [--yes]',
    options: YES,
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const c = await findContainer(deps, ctx.args[0], this.usage);
      if (!(await askFirst(ctx, `Restart container ${c.name}?`))) {
        ctx.stdout.write('Not restarted.\n');
        return 1;
      }
      await deps.containers.restart(c.id);
      ctx.stdout.write(`Restarted ${c.name}\n`);
    },
  };
}

/** `ergon rm <name>` (asks first; --force removes a running one) */
export function rmCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'rm',
    aliases: ['remove'],
    summary: 'Remove a container and its CI registration (asks first)',
    usage: 'ergon rm <name> [--yes] [--force] | ergon rm --app <app> [--yes]',
    options: { ...YES, force: { type: 'boolean', short: 'f' }, app: { type: 'boolean' } },
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      if (ctx.options.app === true) {
        const app = ctx.args[0];
        if (!app) throw new UsageError('which app? usage: aish ergon rm --app <app>');
        if (!(await askFirst(ctx, `Remove app ${app} (all its services)?`))) {
          ctx.stdout.write('Not removed.\n');
          return 1;
        }
        await removeStack(app, ctx.env, deps.stateDir);
        ctx.stdout.write(
          `Removed app ${app} top-down (web, workers, then datastores); its CIs leave the registry as the tasks stop\n`,
        );
        return 0;
      }
      const c = await findContainer(deps, ctx.args[0], this.usage);
      if (!(await askFirst(ctx, `Remove container ${c.name}${c.state === 'running' ? ' (running)' : ''}?`))) {
        ctx.stdout.write('Not removed.\n');
        return 1;
      }
      if (c.state === 'running' && ctx.options.force !== true) {
        await deps.containers.stop(c.id);
      }
      await deps.containers.remove(c.id, true);
      await deps.registry.update((file) => {
        for (const [k, e] of Object.entries(file.entries)) if (e.container_id === c.id) delete file.entries[k];
      });
      // Only once nothing mounts it (a second container on the same run dir, B04/B05): no wait here.
      const { kept } = await removeRunDirsWhenUnmounted(deps.containers, [runDirFor(deps.stateDir, c.name)], {
        timeoutMs: 0,
      });
      for (const k of kept) ctx.stderr.write(`Warning: run dir ${k}\n`);
      ctx.stdout.write(`Removed ${c.name}\n`);
    },
  };
}
