// Where the REPL's lines come from. On a terminal, a fresh readline per prompt, closed while the
// command runs: the command then owns the terminal (cooked mode, so Ctrl-C is SIGINT, and its own
// prompts read keys without our readline also receiving them). Without a terminal, one readline
// over the piped input, read in order.
import { createInterface, type AsyncCompleter, type Completer, type Interface } from 'node:readline';
import { HISTORY_LIMIT } from './history';
import { plainText } from '../render/plain-text';

/** The prompt, as Tekton's aish shows it. */
export const PROMPT = 'aish> ';

/** A source of command lines. */
export interface LineSource {
  /** The next line, or null at the end (Ctrl-D, end of input). */
  next(): Promise<string | null>;
  /** Replaces the newest history entry (the typed `!N`) with what it expanded to. */
  replaceNewest(typed: string, expanded: string): void;
  /** Prints a line from the background (a monitor) without breaking what is being typed. */
  notify(line: string): void;
  close(): void;
}

/** Lines from a terminal; `history` is newest first. */
export function terminalLines(
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
  history: string[],
  completer: Completer | AsyncCompleter,
): LineSource {
  let active: Interface | null = null;
  let entries = history;
  return {
    next() {
      return new Promise((resolve) => {
        const rl = createInterface({
          input,
          output,
          terminal: true,
          prompt: PROMPT,
          history: entries,
          historySize: HISTORY_LIMIT,
          completer,
        });
        active = rl;
        let answered = false;
        rl.on('SIGINT', () => clearLine(rl, output));
        rl.once('line', (line) => {
          answered = true;
          entries = (rl as unknown as { history?: string[] }).history ?? entries;
          active = null;
          rl.close();
          resolve(line);
        });
        rl.once('close', () => {
          if (answered) return;
          active = null;
          output.write('\n');
          resolve(null);
        });
        rl.prompt();
      });
    },
    replaceNewest(typed, expanded) {
      if (entries[0] === typed) entries[0] = expanded;
    },
    notify(raw) {
      // Monitor lines quote CI names and health details: text only (render/plain-text.ts).
      const line = plainText(raw);
      if (!active) return void output.write(`${line}\n`);
      output.write(`\r\x1b[K${line}\n`);
      active.prompt(true);
    },
    close() {
      active?.close();
    },
  };
}

/** Lines from piped input, in order, without prompts. */
export function streamLines(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): LineSource {
  const rl = createInterface({ input, terminal: false });
  // Take the iterator now: lines that arrive before the first next() would otherwise be dropped.
  const lines = rl[Symbol.asyncIterator]();
  return {
    async next() {
      const r = await lines.next();
      return r.done ? null : r.value;
    },
    replaceNewest: () => undefined,
    notify: (line) => void output.write(`${plainText(line)}\n`),
    close: () => rl.close(),
  };
}

function clearLine(rl: Interface, output: NodeJS.WriteStream): void {
  // Drop the typed text without redrawing it (readline's own Ctrl-U would redraw the prompt first).
  const state = rl as unknown as { line: string; cursor: number };
  state.line = '';
  state.cursor = 0;
  output.write('^C\n');
  rl.prompt();
}
