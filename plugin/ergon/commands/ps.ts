// `ergon ps` / `ergon list`: containers with a CI; health and memory from the CI's status over the
// socket (fast), not from the engine's stats API (0.6-2 s per container).
import type { Subcommand } from '../../plugin-api';
import { collectCiRows, ciRowJson } from '../../monitor/ci-rows';
import { formatBytes, formatTable } from '../../render/format-table';
import type { MakeDeps } from './ergon-deps';

/** The `ergon ps` subcommand. */
export function psCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'ps',
    aliases: ['list'],
    summary: 'List containers with their CI health, ports and memory',
    usage: 'ergon ps [--json]',
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const { rows, engineError } = await collectCiRows(deps);
      if (engineError)
        ctx.stderr.write(
          `Warning: the Docker engine could not be asked (${engineError}); showing the registry as last saved\n`,
        );
      if (ctx.json) {
        ctx.stdout.write(`${JSON.stringify({ containers: rows.map(ciRowJson) }, null, 2)}\n`);
        return 0;
      }
      if (!rows.length) {
        ctx.stdout.write("No containers with a CI. Start one with 'aish ergon run <image>'.\n");
        return 0;
      }
      ctx.stdout.write(
        formatTable(
          ['NAME', 'IMAGE', 'STATE', 'CI HEALTH', 'PORTS', 'MEMORY'],
          rows.map(({ entry, probe }) => [
            entry.container,
            entry.image,
            entry.state,
            probe.health,
            entry.ports.join(',') || '-',
            formatBytes(probe.memory_bytes),
          ]),
        ),
      );
      return 0;
    },
  };
}
