// Built-ins of the interactive shell: `history` (numbered list) and `sleep <seconds>`, a harmless
// command that takes time, so Ctrl-C can be tried (and tested end to end) without touching
// containers. `!N`, `exit` and `quit` are handled by the REPL loop itself.
import { setTimeout as delay } from 'node:timers/promises';
import { UsageError } from '../plugin-api';
import { formatHistory } from './history';

/** What a built-in may use. */
export interface BuiltinIo {
  stdout: NodeJS.WritableStream;
  history: readonly string[];
  signal: AbortSignal;
}

/** Longest `sleep` accepted, in seconds (one day). */
export const MAX_SLEEP_SECONDS = 86_400;

/** Runs a built-in and resolves its exit status, or resolves null when `words` is not one. */
export async function runBuiltin(words: string[], io: BuiltinIo): Promise<number | null> {
  const [name, ...args] = words;
  if (name === 'history') {
    if (args.length) throw new UsageError(`history takes no arguments, got '${args.join(' ')}'`);
    io.stdout.write(formatHistory(io.history));
    return 0;
  }
  if (name === 'sleep') {
    const seconds = Number(args[0]);
    if (args.length !== 1 || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_SLEEP_SECONDS) {
      throw new UsageError(
        `sleep needs one number of seconds between 0 and ${MAX_SLEEP_SECONDS}, got '${args.join(' ')}'`,
      );
    }
    io.stdout.write(`sleeping ${seconds} s (Ctrl-C cancels)\n`);
    await delay(seconds * 1000, undefined, { signal: io.signal });
    io.stdout.write(`slept ${seconds} s\n`);
    return 0;
  }
  return null;
}
