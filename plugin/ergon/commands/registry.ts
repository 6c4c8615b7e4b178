// `ergon registry [query] [--type container|solution|tool|config] [--json]`
import type { Subcommand } from '../../plugin-api';
import { formatTable } from '../../render/format-table';
import { componentUrl } from '../../tekton/env';
import { sharedStateDir } from '../../tekton/shared-state';
import { localUnits, searchErgon, searchUnits } from '../build-registry';
import type { MakeDeps } from './ergon-deps';

/** The `ergon registry` subcommand. */
export function registryCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'registry',
    summary: 'Search built images and solutions (local builds, and Ergon when it answers)',
    usage: 'ergon registry [query] [--type T] [--json]',
    options: { type: { type: 'string' } },
    async run(ctx) {
      const query = ctx.args.join(' ') || null;
      const type = typeof ctx.options.type === 'string' ? ctx.options.type : null;
      const local = localUnits(sharedStateDir(ctx.env));
      if (local.problem) ctx.stderr.write(`Warning: ${local.problem}\n`);
      const remote = await searchErgon(componentUrl('ergon', ctx.env), query, type);
      const units = [...searchUnits(local.units, query, type), ...(remote ?? [])];
      if (ctx.json) {
        ctx.stdout.write(`${JSON.stringify({ units, ergon_reachable: remote !== null }, null, 2)}\n`);
        return 0;
      }
      if (remote === null) ctx.stderr.write('(Ergon did not answer; showing local builds only)\n');
      if (!units.length) {
        ctx.stdout.write(
          `Nothing found${query ? ` for '${query}'` : ''}. Build an image with 'aish docker build <project>'.\n`,
        );
        return 0;
      }
      ctx.stdout.write(
        formatTable(
          ['NAME', 'TYPE', 'VERSION', 'IMAGE', 'FROM'],
          units.map((u) => [u.name, u.type, u.version, String(u.content?.image ?? '-'), u.origin ?? '-']),
        ),
      );
      return 0;
    },
  };
}
