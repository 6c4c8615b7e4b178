// Runs a family's subcommand (or a route) in-process with captured output, the way the aish
// front-end would: tests assert on exit status, stdout and stderr.
import { PassThrough } from 'node:stream';
import type { CommandContext, CommandFamily, Route } from '../../../../plugin/plugin-api';
import { CommandError, UsageError } from '../../../../plugin/plugin-api';

/** What a command printed and returned. */
export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => {
    text += d;
  });
  return { stream, text: () => text };
}

/** Builds a context the way dispatch does. */
export function makeContext(opts: {
  args: string[];
  options?: CommandContext['options'];
  env: Record<string, string | undefined>;
  interactive?: boolean;
  stdin?: string;
  signal?: AbortSignal;
  json?: boolean;
}) {
  const out = capture();
  const err = capture();
  const ctx: CommandContext = {
    args: opts.args,
    options: opts.options ?? {},
    json: opts.json ?? false,
    interactive: opts.interactive ?? false,
    readStdin: async () => opts.stdin ?? '',
    stdout: out.stream,
    stderr: err.stream,
    signal: opts.signal ?? new AbortController().signal,
    env: opts.env,
  };
  return { ctx, out, err };
}

async function finish(p: Promise<number | void>, out: () => string, err: () => string): Promise<CommandResult> {
  try {
    const status = await p;
    return { status: typeof status === 'number' ? status : 0, stdout: out(), stderr: err() };
  } catch (e) {
    if (e instanceof UsageError) return { status: 2, stdout: out(), stderr: `${err()}Error: ${e.message}\n` };
    if (e instanceof CommandError) return { status: 1, stdout: out(), stderr: `${err()}Error: ${e.message}\n` };
    throw e;
  }
}

/** Runs `family sub args...`. */
export async function runSub(
  family: CommandFamily,
  sub: string,
  opts: Parameters<typeof makeContext>[0],
): Promise<CommandResult> {
  const s = family.subcommands.find((x) => x.name === sub || x.aliases?.includes(sub));
  if (!s) throw new Error(`no subcommand ${sub} in ${family.name}`);
  const { ctx, out, err } = makeContext(opts);
  return finish(s.run(ctx), out.text, err.text);
}

/** Runs a route with a target word. */
export async function runRoute(
  route: Route,
  target: string,
  opts: Parameters<typeof makeContext>[0],
): Promise<CommandResult> {
  const { ctx, out, err } = makeContext(opts);
  return finish(route.run(target, ctx), out.text, err.text);
}
