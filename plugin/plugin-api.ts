// The shape of the plugin: what a host (our `aish` front-end, or another shell) loads. Commands are
// data (name, help, options, completion) plus a `run`; the host parses arguments, handles --help,
// --json, TTY detection and cancellation, and prints errors as `Error: ...`.
import type { ParseArgsConfig } from 'node:util';
import type { Catalogue } from '../protocol';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** What a command receives. Side effects come in through here, never from globals. */
export interface CommandContext {
  /** Positional arguments after the subcommand. */
  args: string[];
  /** Parsed options (declared in the subcommand's `options`, plus `json` and `help`). */
  options: Record<string, string | boolean | string[] | boolean[] | undefined>;
  /** `--json` was given: print exactly one JSON document on stdout. */
  json: boolean;
  /** Stdin is a terminal: prompts are allowed. Without it, use flags and defaults; never prompt. */
  interactive: boolean;
  /** Piped stdin (when not a TTY and nothing else supplied a message), read lazily. */
  readStdin(): Promise<string>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted by Ctrl-C in the REPL; long-running commands must stop promptly. */
  signal: AbortSignal;
  /** The process environment with Tekton's .env files applied (see plugin/tekton/env.ts). */
  env: Record<string, string | undefined>;
}

/** Exit statuses: 0 ok, 1 the operation failed, 2 usage error (unknown command, bad arguments). */
export type ExitStatus = 0 | 1 | 2 | number;

export interface Subcommand {
  name: string;
  aliases?: string[];
  summary: string;
  /** e.g. '<ci> <recipe> [--dry-run] [--yes] [key=value ...]' */
  usage: string;
  options?: OptionSpec;
  /** Completion for the positional argument at `index`, given what was typed so far. */
  complete?(index: number, partial: string, previous: string[]): Promise<string[]> | string[];
  run(ctx: CommandContext): Promise<ExitStatus | void>;
}

export interface CommandFamily {
  /** First word: 'docker', 'ergon', 'ci', 'status', ... */
  name: string;
  summary: string;
  subcommands: Subcommand[];
  /**
   * Called when the second word is not a known subcommand. Return false to let the host pass the
   * whole line on (e.g. `aish ergon "free text"` goes to Tekton's Ergon CI). Absent: usage error.
   */
  claims?(words: string[]): boolean;
  /** Runs the family itself when it has no subcommands (e.g. `aish status`). */
  run?(ctx: CommandContext): Promise<ExitStatus | void>;
  options?: OptionSpec;
}

/** A first word that is not a family but a pattern, e.g. `<name>-container-ci`. */
export interface Route {
  matches(word: string): boolean;
  summary: string;
  usage: string;
  options?: OptionSpec;
  run(target: string, ctx: CommandContext): Promise<ExitStatus | void>;
}

/** One row per container CI in `tekton status` (Tekton's vocabulary and JSON shape). */
export interface StatusRow {
  name: string;
  port: number | null;
  status: 'healthy' | 'unhealthy' | 'not_running' | 'timeout' | 'error' | 'starting';
  version: string | null;
  ci_status: string;
  response_time: number | null;
  memory_mb: number | null;
  cpu_percent: number | null;
  registered_with_hermes: boolean;
  /** The engine (Swarm node) the CI runs on, when it is not this one. */
  node?: string;
}

export interface AishPlugin {
  name: string;
  version: string;
  families: CommandFamily[];
  routes: Route[];
  /** Names offered by tab completion in place of a first word (e.g. the known container CIs). */
  completeFirstWord?(): Promise<string[]>;
  /** A CI's live catalogue (recipes, peers, services) for completion; null when it does not answer quickly. */
  ciCatalogue?(ciName: string): Promise<Catalogue | null>;
  hooks: {
    /** Rows to add to `tekton status`. */
    status?(): Promise<StatusRow[]>;
    /** Started when the REPL opens (e.g. the background monitor); the returned function stops it. */
    replStart?(io: { notify(line: string): void }): Promise<() => Promise<void>>;
  };
}

/** Error a command throws for bad usage: printed as `Error: ...` with exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Error a command throws when the operation fails: printed as `Error: ...` with exit status 1. */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
