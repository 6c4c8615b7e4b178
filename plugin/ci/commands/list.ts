// `aish ci list [--json]`: every container CI with its endpoint, health and memory.
import type { Subcommand } from '../../plugin-api';
import { ciRowJson, collectCiRows } from '../../monitor/ci-rows';
import { formatBytes, formatTable } from '../../render/format-table';
import type { HostDeps } from '../../host';
import type { CiEndpoint } from '../../registry/registry-types';

/** Short text for an endpoint. */
export function describeEndpoint(ep: CiEndpoint): string {
  if (ep.kind === 'socket') return `unix:${ep.path}`;
  if (ep.kind === 'tcp') return `tcp:${ep.host}:${ep.port}`;
  return `exec:${ep.container_id.slice(0, 12)}`;
}

/** The `ci list` subcommand. */
export function listCommand(makeDeps: (env: Record<string, string | undefined>) => HostDeps): Subcommand {
  return {
    name: 'list',
    aliases: ['ls'],
    summary: 'List the container CIs with endpoint, health and memory',
    usage: 'ci list [--json]',
    async run(ctx) {
      const deps = makeDeps(ctx.env);
      const { rows, engineError, remoteErrors } = await collectCiRows(deps);
      if (engineError)
        ctx.stderr.write(
          `Warning: the Docker engine could not be asked (${engineError}); showing the registry as last saved\n`,
        );
      for (const e of remoteErrors) ctx.stderr.write(`Warning: ${e}; its CIs are not listed\n`);
      if (ctx.json) {
        ctx.stdout.write(`${JSON.stringify({ cis: rows.map(ciRowJson) }, null, 2)}\n`);
        return 0;
      }
      if (rows.length === 0) {
        ctx.stdout.write("No container CIs. Start one with 'aish ergon run <image>'.\n");
        return 0;
      }
      // NODE only when some CI runs on another engine (a Swarm node), so the common case stays narrow.
      const nodes = rows.some((r) => r.entry.node);
      ctx.stdout.write(
        formatTable(
          ['CI', 'CONTAINER', ...(nodes ? ['NODE'] : []), 'STATE', 'HEALTH', 'MEMORY', 'CPU', 'ENDPOINT'],
          rows.map(({ entry, probe }) => [
            entry.ci_name,
            entry.container,
            ...(nodes ? [entry.node ?? 'local'] : []),
            entry.state,
            probe.health,
            formatBytes(probe.memory_bytes),
            probe.cpu_percent === null ? '-' : `${probe.cpu_percent.toFixed(1)}%`,
            describeEndpoint(entry.endpoint),
          ]),
        ),
      );
      return 0;
    },
  };
}
