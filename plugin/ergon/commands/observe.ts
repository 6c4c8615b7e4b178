// `ergon logs`, `ergon stats`, `ergon inspect`.
import { UsageError, type Subcommand } from '../../plugin-api';
import { collectCiRows } from '../../monitor/ci-rows';
import { formatBytes, formatTable } from '../../render/format-table';
import { findContainer, type MakeDeps } from './ergon-deps';

/** `ergon logs <name> [-f] [--tail N]` */
export function logsCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'logs',
    summary: "Show a container's output",
    usage: 'ergon logs <name> [-f] [--tail N]',
    options: { follow: { type: 'boolean', short: 'f' }, tail: { type: 'string' } },
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const c = await findContainer(deps, ctx.args[0], this.usage);
      const tail = ctx.options.tail === undefined ? undefined : Number(ctx.options.tail);
      if (tail !== undefined && (!Number.isInteger(tail) || tail < 0))
        throw new UsageError(`--tail '${String(ctx.options.tail)}' is not a whole number`);
      const stream = await deps.containers.logs(c.id, {
        follow: ctx.options.follow === true,
        ...(tail !== undefined ? { tail } : {}),
      });
      const onAbort = () => stream.destroy();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        for await (const chunk of stream) ctx.stdout.write(chunk as Buffer);
      } catch (err) {
        if (!ctx.signal.aborted) throw err;
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** `ergon stats [--json]`: memory and CPU per container and service, from the CIs. */
export function statsCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'stats',
    summary: 'Memory and CPU of each container and service, from the CIs',
    usage: 'ergon stats [--json]',
    async run(ctx) {
      const { rows } = await collectCiRows(makeDeps(ctx.env));
      if (ctx.json) {
        ctx.stdout.write(
          `${JSON.stringify(
            {
              containers: rows.map(({ entry, probe }) => ({
                container: entry.container,
                memory_bytes: probe.memory_bytes,
                cpu_percent: probe.cpu_percent,
                services: probe.services.map((s) => ({
                  name: s.name,
                  memory_bytes: s.memory_bytes,
                  cpu_percent: s.cpu_percent,
                })),
              })),
            },
            null,
            2,
          )}\n`,
        );
        return 0;
      }
      const lines: string[][] = [];
      for (const { entry, probe } of rows) {
        lines.push([entry.container, '', formatBytes(probe.memory_bytes), pct(probe.cpu_percent)]);
        for (const s of probe.services) lines.push(['', s.name, formatBytes(s.memory_bytes), pct(s.cpu_percent)]);
      }
      ctx.stdout.write(formatTable(['CONTAINER', 'SERVICE', 'MEMORY', 'CPU'], lines));
      return 0;
    },
  };
}

function pct(v: number | null): string {
  return v === null ? '-' : `${v.toFixed(1)}%`;
}

/** `ergon inspect <name>`: the engine's view plus the registry entry. */
export function inspectCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'inspect',
    summary: 'Show a container as the engine and the CI registry see it',
    usage: 'ergon inspect <name>',
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const c = await findContainer(deps, ctx.args[0], this.usage);
      const info = await deps.containers.inspect(c.id);
      const ci = (await deps.registry.list()).find((e) => e.container_id === c.id) ?? null;
      ctx.stdout.write(`${JSON.stringify({ container: info, ci }, null, 2)}\n`);
    },
  };
}
