// `aish status` and `aish tekton status [--json]`: container CIs in Tekton's table and JSON shape,
// merged into Tekton's own status when Tekton is installed (its launcher where it runs here, else
// its status script with its Python). Whatever fails is said in one line; our rows always show.
import type { CommandContext, CommandFamily, ExitStatus } from '../plugin-api';
import { defaultStatusPlanIo } from '../tekton/status-plan-io';
import { planTektonStatus } from '../tekton/tekton-status-plan';
import { containerStatus } from './container-status';
import { formatStatusTable, statusJson } from './status-format';
import { mergeStatus, runTektonStatus, type TektonStatusResult } from './tekton-merge';

/** Rows for the spine's `tekton` wrapper and the plugin's status hook. */
export { containerStatusRows } from './container-status';

/** Tekton's own status, or null (nothing to say) when Tekton is not configured. */
export async function tektonStatus(env: Record<string, string | undefined>): Promise<TektonStatusResult | null> {
  const plan = planTektonStatus(env, defaultStatusPlanIo);
  if (plan.kind === 'none') return null;
  if (plan.kind === 'broken') return { doc: null, error: plan.reason };
  const timeout = Number(env.TEKTON_STATUS_TIMEOUT_MS);
  return runTektonStatus(plan, Number.isFinite(timeout) && timeout > 0 ? timeout : 20_000);
}

// Hermes' silence matters only where Tekton is meant to be (TEKTON_ROOT or a Hermes address set).
function expectsHermes(env: Record<string, string | undefined>): boolean {
  return !!(env.TEKTON_ROOT || env.HERMES_PORT || env.HERMES_HOST || env.TEKTON_LAUNCHER);
}

async function showStatus(ctx: CommandContext): Promise<ExitStatus> {
  const [ours, tekton] = await Promise.all([containerStatus(ctx.env), tektonStatus(ctx.env)]);
  const problems: Record<string, string> = {};
  if (tekton?.error) {
    problems.tekton_status_error = tekton.error;
    ctx.stderr.write(`Warning: Tekton's status: ${tekton.error}; showing container CIs only\n`);
  }
  if (ours.hermesError && expectsHermes(ctx.env)) {
    problems.hermes_error = ours.hermesError;
    ctx.stderr.write(`Warning: ${ours.hermesError}; the Reg column of container CIs shows ❌\n`);
  }
  const { components, system } = mergeStatus(tekton?.doc ?? null, ours.rows);
  const doc = statusJson(components, new Date(), { ...system, ...problems });
  if (ctx.json) {
    ctx.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  if (!components.length) {
    ctx.stdout.write(
      `No container CIs${tekton ? '' : ' (and Tekton is not installed)'}. ` +
        "Start one with 'aish container create --name <name> --ci-managed' or 'aish ergon run <image>'.\n",
    );
    return 0;
  }
  ctx.stdout.write(formatStatusTable(components));
  ctx.stdout.write(`\n${doc.system.healthy_components}/${doc.system.total_components} healthy\n`);
  return 0;
}

/** `aish status` */
export const statusFamily: CommandFamily = {
  name: 'status',
  summary: "Status of the container CIs (and of Tekton, when installed), in Tekton's format",
  subcommands: [],
  run: showStatus,
};

/** `aish tekton status [--json]` */
export const tektonFamily: CommandFamily = {
  name: 'tekton',
  summary: 'Tekton commands with container CIs included',
  subcommands: [
    {
      name: 'status',
      summary: "Tekton's status with the container CIs merged in",
      usage: 'tekton status [--json]',
      run: showStatus,
    },
  ],
};
