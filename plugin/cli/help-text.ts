// Help text, built from the plugin's data (families, subcommands, routes) so it never drifts from
// what dispatch accepts. Pure: text in, text out.
import type { AishPlugin, CommandFamily, OptionSpec, Subcommand } from '../plugin-api';

/** Built-ins of the interactive shell, listed by `help`. */
export const REPL_BUILTINS: ReadonlyArray<{ usage: string; summary: string }> = [
  { usage: 'history', summary: "list this shell's history, numbered" },
  { usage: '!N | !!', summary: 'run history entry N again (!! the last one)' },
  { usage: 'sleep <seconds>', summary: 'wait (Ctrl-C cancels it): to try cancellation without touching anything' },
  { usage: 'exit | quit | Ctrl-D', summary: 'leave the shell' },
];

function table(rows: Array<[string, string]>, indent: string): string[] {
  const width = Math.min(44, Math.max(0, ...rows.map(([a]) => a.length)));
  return rows.map(([a, b]) =>
    a.length > width ? `${indent}${a}\n${indent}${' '.repeat(width)}  ${b}` : `${indent}${a.padEnd(width)}  ${b}`,
  );
}

/** `aish help`: every family with its subcommands, the routes, and the shell's built-ins. */
export function generalHelp(plugin: AishPlugin, opts: { tektonAish: string | null }): string {
  const lines = [
    `aish: Tekton shell front-end with container CIs (${plugin.name} ${plugin.version})`,
    '',
    'Usage:',
    '  aish                        interactive shell (prompt "aish> ")',
    '  aish <command> [args...]    run one command; exit status 0 ok, 1 failed, 2 usage',
    '  aish <command> --help       details of a command',
    '',
    'Commands:',
  ];
  // One table for all commands, so the summaries line up.
  const rows: Array<[string, string]> = [];
  for (const family of plugin.families) {
    rows.push([family.name, family.summary]);
    for (const s of family.subcommands)
      rows.push([`  ${family.name} ${s.name} ${usageTail(family, s)}`.trimEnd(), s.summary]);
  }
  rows.push(['help [<command>]', 'this help, or the help of one command']);
  lines.push(...table(rows, '  '));
  if (plugin.routes.length) {
    lines.push('', 'Container CIs:');
    lines.push(
      ...table(
        plugin.routes.map((r) => [r.usage, r.summary]),
        '  ',
      ),
    );
  }
  lines.push('', 'In the interactive shell:');
  lines.push(
    ...table(
      REPL_BUILTINS.map((b) => [b.usage, b.summary]),
      '  ',
    ),
  );
  lines.push('', 'Options every command accepts: --json (one JSON document on stdout where data is listed), --help.');
  lines.push(
    opts.tektonAish
      ? `Anything else goes to Tekton's aish (${opts.tektonAish}).`
      : "Anything else is an unknown command (Tekton's aish is not installed: set TEKTON_ROOT to use it).",
  );
  return `${lines.join('\n')}\n`;
}

/** `aish <family> --help`. */
export function familyHelp(family: CommandFamily): string {
  const lines = [`aish ${family.name}: ${family.summary}`, ''];
  if (family.subcommands.length) {
    lines.push('Subcommands:');
    lines.push(
      ...table(
        family.subcommands.map((s) => [`${s.name} ${usageTail(family, s)}`.trimEnd(), s.summary + aliasNote(s)]),
        '  ',
      ),
    );
    lines.push('', `Details: aish ${family.name} <subcommand> --help`);
  } else {
    lines.push(`Usage: aish ${family.name} [options]`);
    lines.push(...optionLines(family.options));
  }
  return `${lines.join('\n')}\n`;
}

/** `aish <family> <subcommand> --help`. */
export function subcommandHelp(family: CommandFamily, sub: Subcommand): string {
  const lines = [
    `Usage: aish ${family.name} ${sub.name} ${usageTail(family, sub)}`.trimEnd(),
    '',
    sub.summary + aliasNote(sub),
  ];
  lines.push(...optionLines(sub.options));
  return `${lines.join('\n')}\n`;
}

/** A subcommand's usage without its own name, whether or not its author wrote the name in. */
export function usageTail(family: CommandFamily, sub: Subcommand): string {
  const u = sub.usage.trim().replace(/^aish\s+/, '');
  for (const prefix of [`${family.name} ${sub.name}`, sub.name]) {
    if (u === prefix) return '';
    if (u.startsWith(`${prefix} `)) return u.slice(prefix.length + 1);
  }
  return u;
}

function aliasNote(sub: Subcommand): string {
  return sub.aliases?.length ? ` (also: ${sub.aliases.join(', ')})` : '';
}

function optionLines(options: OptionSpec | undefined): string[] {
  const rows: Array<[string, string]> = Object.entries(options ?? {}).map(([name, spec]) => [
    `--${name}${spec.short ? `, -${spec.short}` : ''}${spec.type === 'string' ? ' <value>' : ''}`,
    spec.default !== undefined ? `default: ${String(spec.default)}` : '',
  ]);
  rows.push(['--json', 'print one JSON document on stdout'], ['--help, -h', 'this help']);
  return ['', 'Options:', ...table(rows, '  ')];
}
