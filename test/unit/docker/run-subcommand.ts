// Runs one docker subcommand in-process with captured output (the host's parsing is not needed
// for these tests: options are passed already parsed).
import { PassThrough } from 'node:stream';
import type { Subcommand } from '../../../plugin/plugin-api';

/** What a run printed and returned. */
export interface SubcommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sub` with positional `args`; `json`, `env` and options as given. */
export async function runSubcommand(
  sub: Subcommand,
  args: string[],
  opts: {
    json?: boolean;
    env?: Record<string, string | undefined>;
    options?: Record<string, string | boolean | undefined>;
  } = {},
): Promise<SubcommandRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  err.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await sub.run({
    args,
    options: { ...opts.options, json: opts.json ?? false },
    json: opts.json ?? false,
    interactive: false,
    readStdin: async () => '',
    stdout: out,
    stderr: err,
    signal: new AbortController().signal,
    env: opts.env ?? process.env,
  });
  return { code: typeof code === 'number' ? code : 0, stdout, stderr };
}
