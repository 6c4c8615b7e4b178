// Runs one of the CLI's own subcommands in-process with its output captured, so a button does
// exactly what `aish ergon stop <name> --yes` does (same checks, same messages).
import { PassThrough } from 'node:stream';
import { CommandError, UsageError, type CommandContext, type CommandFamily } from '../plugin-api';

/** What the subcommand printed and returned. */
export interface SubcommandResult {
  ok: boolean;
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `family sub args...` with `options`; never prompts (interactive: false). */
export async function runSubcommand(
  family: CommandFamily,
  sub: string,
  args: string[],
  options: CommandContext['options'],
  env: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<SubcommandResult> {
  const command = family.subcommands.find((s) => s.name === sub);
  if (!command) throw new Error(`${family.name} has no subcommand ${sub}`);
  let stdout = '';
  let stderr = '';
  const out = new PassThrough().on('data', (d) => {
    stdout += d;
  });
  const err = new PassThrough().on('data', (d) => {
    stderr += d;
  });
  const ctx: CommandContext = {
    args,
    options,
    json: false,
    interactive: false,
    readStdin: async () => '',
    stdout: out,
    stderr: err,
    signal: signal ?? new AbortController().signal,
    env,
  };
  try {
    const status = (await command.run(ctx)) ?? 0;
    return { ok: status === 0, status, stdout, stderr };
  } catch (e) {
    if (e instanceof CommandError || e instanceof UsageError)
      return { ok: false, status: e instanceof UsageError ? 2 : 1, stdout, stderr: `${stderr}Error: ${e.message}\n` };
    throw e;
  }
}
