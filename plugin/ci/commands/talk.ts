// `ci ask`, `ci recipes`, `ci run`, `ci logs`: one request each, through sendAndPrint.
import { UsageError, type Subcommand } from '../../plugin-api';
import type { HostDeps } from '../../host';
import { senderName } from '../../tekton/env';
import { ACT_OPTIONS } from './ci-options';
import { sendAndPrint } from './send-command';

type MakeDeps = (env: Record<string, string | undefined>) => HostDeps;

/** Parses `key=value` words into recipe params; numbers and booleans keep their type. */
export function parseParams(words: string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new UsageError(`recipe parameter '${w}' is not key=value`);
    const key = w.slice(0, eq);
    const raw = w.slice(eq + 1);
    params[key] =
      raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return params;
}

/** --lines N as a positive integer, or the default. */
function linesOf(raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const lines = Number(raw);
  if (!Number.isInteger(lines) || lines <= 0)
    throw new UsageError(`--lines '${String(raw)}' is not a positive integer`);
  return lines;
}

const LINES_OPTIONS = { lines: { type: 'string', short: 'n' }, timeout: { type: 'string' } } as const;

function need(args: string[], count: number, usage: string): void {
  if (args.length < count) throw new UsageError(`missing arguments; usage: aish ${usage}`);
}

/** `ci ask <ci> "message"` (piped stdin when no message). */
export function askCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'ask',
    summary: 'Send a message to a container CI',
    usage: 'ci ask <ci> "message" [--yes] [--confirm <target>]',
    options: ACT_OPTIONS,
    async run(ctx) {
      need(ctx.args, 1, this.usage);
      const [name, ...words] = ctx.args;
      const content = words.length ? words.join(' ') : ctx.interactive ? '' : (await ctx.readStdin()).trim();
      if (!content) throw new UsageError(`no message for ${name}; usage: aish ${this.usage}`);
      return sendAndPrint(makeDeps(ctx.env), ctx, name!, { type: 'chat', content, sender: senderName(ctx.env) });
    },
  };
}

/** `ci recipes <ci>` */
export function recipesCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'recipes',
    summary: 'List the recipes a container CI can run',
    usage: 'ci recipes <ci> [--json]',
    async run(ctx) {
      need(ctx.args, 1, this.usage);
      return sendAndPrint(makeDeps(ctx.env), ctx, ctx.args[0]!, { type: 'recipes' });
    },
  };
}

/** `ci run <ci> <recipe> [--dry-run] [--yes] [key=value ...]` */
export function runCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'run',
    summary: 'Run a recipe in a container CI',
    usage: 'ci run <ci> <recipe> [--dry-run] [--yes] [--confirm <target>] [key=value ...]',
    options: { ...ACT_OPTIONS, 'dry-run': { type: 'boolean' } },
    async run(ctx) {
      need(ctx.args, 2, this.usage);
      const [name, recipe, ...rest] = ctx.args;
      return sendAndPrint(makeDeps(ctx.env), ctx, name!, {
        type: 'run',
        recipe: recipe!,
        params: parseParams(rest),
        dry_run: ctx.options['dry-run'] === true,
        sender: senderName(ctx.env),
      });
    },
  };
}

/** `ci logs <ci> [service] [--lines N]` */
export function ciLogsCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'logs',
    summary: 'Show the output of a service, as the CI captured it',
    usage: 'ci logs <ci> [service] [--lines N]',
    options: LINES_OPTIONS,
    async run(ctx) {
      need(ctx.args, 1, this.usage);
      const lines = linesOf(ctx.options.lines, 100);
      return sendAndPrint(makeDeps(ctx.env), ctx, ctx.args[0]!, {
        type: 'logs',
        ...(ctx.args[1] ? { service: ctx.args[1] } : {}),
        lines,
      });
    },
  };
}

/** `ci recipe add <ci> <file>`: sends a user recipe's source to the CI, which validates and stores it. */
export function recipeCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'recipe',
    summary: 'Manage user recipes of a container CI (add)',
    usage: 'ci recipe add <ci> <file>',
    async run(ctx) {
      const [verb, name, file] = ctx.args;
      if (verb !== 'add' || !name || !file) throw new UsageError(`usage: aish ${this.usage}`);
      const { readFile } = await import('node:fs/promises');
      let source: string;
      try {
        source = await readFile(file, 'utf8');
      } catch (err) {
        throw new UsageError(
          `cannot read recipe file '${file}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        );
      }
      return sendAndPrint(makeDeps(ctx.env), ctx, name, { type: 'recipe_add', source, sender: senderName(ctx.env) });
    },
  };
}

/** `ci audit <ci> [--lines N]`: the recipe runs the container recorded (who, what, dry or real, result). */
export function auditCommand(makeDeps: MakeDeps): Subcommand {
  return {
    name: 'audit',
    summary: 'Show the audit log of recipe runs kept in the container',
    usage: 'ci audit <ci> [--lines N]',
    options: LINES_OPTIONS,
    async run(ctx) {
      need(ctx.args, 1, this.usage);
      const lines = linesOf(ctx.options.lines, 20);
      return sendAndPrint(makeDeps(ctx.env), ctx, ctx.args[0]!, { type: 'audit', lines });
    },
  };
}
