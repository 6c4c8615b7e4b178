// Options shared by the ci commands that can act (confirmation and timeout).
import type { OptionSpec, CommandContext } from '../../plugin-api';
import type { ConfirmPolicy } from '../../transport/confirm-flow';
import { UsageError } from '../../plugin-api';

/** --yes, --confirm <target>, --timeout <ms> */
export const ACT_OPTIONS: OptionSpec = {
  yes: { type: 'boolean', short: 'y' },
  confirm: { type: 'string' },
  timeout: { type: 'string' },
};

/** The confirmation policy of a command call. */
export function policyOf(ctx: CommandContext): ConfirmPolicy {
  return {
    interactive: ctx.interactive,
    yes: ctx.options.yes === true,
    confirmTarget: typeof ctx.options.confirm === 'string' ? ctx.options.confirm : null,
  };
}

/** --timeout in ms (default 5000). */
export function timeoutOf(ctx: CommandContext): number {
  const raw = ctx.options.timeout;
  if (raw === undefined) return Number(ctx.env.TEKTON_CI_TIMEOUT_MS) || 5000;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms <= 0)
    throw new UsageError(`--timeout '${String(raw)}' is not a positive number of milliseconds`);
  return ms;
}
