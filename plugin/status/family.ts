// `aish status` and `aish tekton status [--json]`: container CIs in Tekton's table and JSON shape,
// merged into Tekton's own status when Tekton is installed.
import type { CommandContext, CommandFamily, ExitStatus } from '../plugin-api';
import { tektonLauncherPath } from '../tekton/env';
import { containerStatusRows } from './container-status';
import { formatStatusTable, statusJson } from './status-format';
import { mergeStatus, runTektonStatusJson } from './tekton-merge';

/** Rows for the spine's `tekton` wrapper and the plugin's status hook. */
export { containerStatusRows } from './container-status';

async function showStatus(ctx: CommandContext): Promise<ExitStatus> {
  const launcher = tektonLauncherPath(ctx.env);
  const [ours, tekton] = await Promise.all([
    containerStatusRows(ctx.env),
    launcher ? runTektonStatusJson(launcher) : Promise.resolve({ doc: null, error: null }),
  ]);
  if (launcher && tekton.error) ctx.stderr.write(`Warning: '${launcher} status --json' failed (${tekton.error}); showing container CIs only\n`);
  const { components, system } = mergeStatus(tekton.doc, ours);
  if (ctx.json) {
    ctx.stdout.write(JSON.stringify(statusJson(components, new Date(), system), null, 2) + '\n');
    return 0;
  }
  if (!components.length) { ctx.stdout.write('No container CIs (and Tekton is not installed). Start one with \'aish ergon run <image>\'.\n'); return 0; }
  const doc = statusJson(components, new Date(), system);
  ctx.stdout.write(formatStatusTable(components));
  ctx.stdout.write(`\n${doc.system.healthy_components}/${doc.system.total_components} healthy\n`);
  return 0;
}

/** `aish status` */
export const statusFamily: CommandFamily = {
  name: 'status',
  summary: 'Status of the container CIs (and of Tekton, when installed), in Tekton\'s format',
  subcommands: [],
  run: showStatus,
};

/** `aish tekton status [--json]` */
export const tektonFamily: CommandFamily = {
  name: 'tekton',
  summary: 'Tekton commands with container CIs included',
  subcommands: [{ name: 'status', summary: 'Tekton\'s status with the container CIs merged in', usage: 'tekton status [--json]', run: showStatus }],
};
