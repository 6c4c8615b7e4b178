// Turns the words after a command into positional args and options, adding the options every
// command accepts (--json, --help). Unknown options are usage errors that name the option.
import { parseArgs } from 'node:util';
import { UsageError, type OptionSpec } from '../plugin-api';

/** Parsed words of one command. */
export interface ParsedWords {
  args: string[];
  options: Record<string, string | boolean | string[] | boolean[] | undefined>;
  json: boolean;
  help: boolean;
}

const COMMON: OptionSpec = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } };

/** Parses `words` against `options` (plus --json/--help); throws UsageError naming what is wrong. */
export function parseWords(words: string[], options: OptionSpec | undefined, what: string): ParsedWords {
  try {
    const { values, positionals } = parseArgs({
      args: words,
      options: { ...COMMON, ...options },
      allowPositionals: true,
      strict: true,
    });
    return {
      args: positionals,
      options: values as ParsedWords['options'],
      json: values.json === true,
      help: values.help === true,
    };
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error);
    throw new UsageError(`${what}: ${message} (see 'aish ${what} --help')`);
  }
}
