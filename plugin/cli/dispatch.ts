// Decides what a command line means and runs it: a family of the plugin, a route such as
// `<name>-container-ci`, `help`, or a hand-off to Tekton's own aish. Everything it touches comes
// in through `HostIo`, so it runs the same in the REPL, one-shot, and unit tests.
import type { AishPlugin, CommandContext, CommandFamily, ExitStatus } from '../plugin-api';
import { familyHelp, generalHelp, subcommandHelp } from './help-text';
import { parseWords } from './parse-options';
import { reportError } from './report-error';
import { textOnly } from '../render/text-only-stream';

/** What dispatch may touch: streams, environment, stdin, and how to run Tekton's aish. */
export interface HostIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** Stdin is a terminal: commands may prompt. */
  interactive: boolean;
  readStdin(): Promise<string>;
  /** Path of Tekton's aish, or null when it is not installed. */
  tektonAish: string | null;
  /** Runs a program with inherited stdio and resolves its exit status. */
  runExternal(path: string, args: string[]): Promise<number>;
}

const HELP_WORDS = new Set(['help', '--help', '-h']);

/** Runs one command line (already split into words) and returns its exit status. */
export async function dispatch(
  plugin: AishPlugin,
  words: string[],
  hostIo: HostIo,
  signal: AbortSignal,
): Promise<number> {
  // Whatever a command prints (a CI's reply, a service's log, a name from the engine) reaches the
  // terminal as text: escape sequences removed, controls made visible (render/plain-text.ts).
  const io = { ...hostIo, stdout: textOnly(hostIo.stdout), stderr: textOnly(hostIo.stderr) };
  try {
    return await route(plugin, words, io, signal);
  } catch (error) {
    return reportError(error, io.stderr, signal);
  }
}

async function route(plugin: AishPlugin, words: string[], io: HostIo, signal: AbortSignal): Promise<number> {
  const [first, ...rest] = words;
  if (first === undefined) return usage(io, "no command given; type 'aish help' for the list");
  if (HELP_WORDS.has(first)) return help(plugin, rest, io);
  if (first === '--version') {
    io.stdout.write(`${plugin.name} ${plugin.version}\n`);
    return 0;
  }

  const family = plugin.families.find((f) => f.name === first);
  if (family) return runFamily(plugin, family, rest, io, signal);

  const target = plugin.routes.find((r) => r.matches(first));
  if (target) {
    const parsed = parseWords(rest, target.options, first);
    if (parsed.help) {
      io.stdout.write(`Usage: aish ${target.usage}\n\n${target.summary}\n`);
      return 0;
    }
    return status(await target.run(first, context(parsed, io, signal)));
  }
  return handOff(words, io, `unknown command '${first}'; type 'aish help' for the list`);
}

async function runFamily(
  plugin: AishPlugin,
  family: CommandFamily,
  rest: string[],
  io: HostIo,
  signal: AbortSignal,
): Promise<number> {
  const [second, ...tail] = rest;
  if (second !== undefined && HELP_WORDS.has(second) && (second !== 'help' || family.subcommands.length)) {
    io.stdout.write(familyHelp(family));
    return 0;
  }
  const sub =
    second === undefined ? undefined : family.subcommands.find((s) => s.name === second || s.aliases?.includes(second));
  if (sub) {
    const parsed = parseWords(tail, sub.options, `${family.name} ${sub.name}`);
    if (parsed.help) {
      io.stdout.write(subcommandHelp(family, sub));
      return 0;
    }
    return status(await sub.run(context(parsed, io, signal)));
  }
  // Not a subcommand: the family may decline the line (`aish ergon "free text"`, or a bare
  // `aish ergon` with the message on stdin) so that Tekton's aish gets it, or run itself.
  if (family.claims && !family.claims(rest)) {
    if (io.tektonAish) return io.runExternal(io.tektonAish, [family.name, ...rest]);
    if (second !== undefined)
      return usage(io, `'${family.name} ${second}' is not a command here; known: ${names(family)}`);
  }
  if (
    family.run &&
    (family.subcommands.length === 0 || second === undefined || second.startsWith('-') || family.claims)
  ) {
    const parsed = parseWords(rest, family.options, family.name);
    if (parsed.help) {
      io.stdout.write(familyHelp(family));
      return 0;
    }
    return status(await family.run(context(parsed, io, signal)));
  }
  if (second === undefined) {
    io.stderr.write(`Error: '${family.name}' needs a subcommand: ${names(family)}\n\n${familyHelp(family)}`);
    return 2;
  }
  return usage(
    io,
    `unknown subcommand '${family.name} ${second}'; known: ${names(family)} (see 'aish ${family.name} --help')`,
  );
}

function help(plugin: AishPlugin, rest: string[], io: HostIo): number {
  const [name, subName] = rest;
  if (name === undefined) {
    io.stdout.write(generalHelp(plugin, { tektonAish: io.tektonAish }));
    return 0;
  }
  const family = plugin.families.find((f) => f.name === name);
  if (!family) return usage(io, `no help for '${name}': it is not a command here; type 'aish help' for the list`);
  const sub =
    subName === undefined
      ? undefined
      : family.subcommands.find((s) => s.name === subName || s.aliases?.includes(subName));
  if (subName !== undefined && !sub)
    return usage(io, `'${name}' has no subcommand '${subName}'; known: ${names(family)}`);
  io.stdout.write(sub ? subcommandHelp(family, sub) : familyHelp(family));
  return 0;
}

async function handOff(words: string[], io: HostIo, unknown: string): Promise<number> {
  if (io.tektonAish) return io.runExternal(io.tektonAish, words);
  return usage(io, unknown);
}

function context(parsed: ReturnType<typeof parseWords>, io: HostIo, signal: AbortSignal): CommandContext {
  return {
    args: parsed.args,
    options: parsed.options,
    json: parsed.json,
    interactive: io.interactive,
    readStdin: io.readStdin,
    stdout: io.stdout,
    stderr: io.stderr,
    signal,
    env: io.env,
  };
}

function usage(io: HostIo, message: string): number {
  io.stderr.write(`Error: ${message}\n`);
  return 2;
}

function names(family: CommandFamily): string {
  return family.subcommands.map((s) => s.name).join(', ') || '(none)';
}

function status(result: ExitStatus | void): number {
  return typeof result === 'number' ? result : 0;
}
