// The interactive shell: prompt `aish> `, persistent history with `!N` recall, tab completion,
// Ctrl-C cancels the running command (its AbortSignal) but not the shell, Ctrl-D leaves.
// While a command runs the terminal goes back to cooked mode, so Ctrl-C arrives as SIGINT and a
// command's own prompts (@inquirer) can read the terminal without our readline competing for it.
import { createInterface, type Interface } from 'node:readline';
import type { AishPlugin } from '../plugin-api';
import { runBuiltin } from './builtins';
import { completeLine } from './complete';
import { dispatch, type HostIo } from './dispatch';
import { HISTORY_LIMIT, appendHistory, expandRecall, loadHistory } from './history';
import { reportError } from './report-error';
import { splitLine } from './split-line';

/** What the REPL needs: the plugin, the host io, the terminal streams, the history file. */
export interface ReplOptions {
  plugin: AishPlugin;
  io: HostIo;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  historyFile: string;
}

/** The prompt, as Tekton's aish shows it. */
export const PROMPT = 'aish> ';

/** Runs the shell until Ctrl-D, `exit`, or the end of piped input; resolves the exit status. */
export async function runRepl(opts: ReplOptions): Promise<number> {
  const { plugin, io, input, output } = opts;
  const tty = input.isTTY === true;
  const entries = loadHistory(opts.historyFile);
  const rl = createInterface({
    input,
    output,
    terminal: tty,
    prompt: tty ? PROMPT : '',
    history: [...entries].reverse(),
    historySize: HISTORY_LIMIT,
    completer: (line: string, cb: (e: Error | null, r?: [string[], string]) => void) => {
      completeLine(plugin, line).then((r) => cb(null, r), (e: Error) => cb(e));
    },
  });
  // Take the iterator now: lines that arrive while the hook starts would otherwise be dropped.
  const lines = rl[Symbol.asyncIterator]();
  let busy = false;
  rl.on('SIGINT', () => clearLine(rl, output));
  const stopHook = await startHook(plugin, output, rl, () => busy, tty);
  if (tty) output.write(`aish (${plugin.name} ${plugin.version}): 'help' lists the commands, Ctrl-D leaves.\n`);
  rl.prompt();
  let last = 0;
  try {
    for await (const line of lines) {
      busy = true;
      const outcome = await runLine(line, { ...opts, entries, rl, tty });
      busy = false;
      if (outcome === 'exit') break;
      last = outcome;
      rl.prompt();
    }
  } finally {
    rl.close();
    await stopHook?.().catch(() => undefined);
  }
  return tty ? 0 : last;
}

interface LineState extends ReplOptions { entries: string[]; rl: Interface; tty: boolean }

async function runLine(line: string, s: LineState): Promise<number | 'exit'> {
  if (!line.trim()) return 0;
  const recalled = expandRecall(line, s.entries);
  if ('error' in recalled) {
    s.io.stderr.write(`Error: ${recalled.error}\n`);
    return 2;
  }
  if (recalled.expanded) {
    s.output.write(`${recalled.line}\n`);
    // readline stored what was typed ('!3'); keep the command itself, as bash does.
    const history = (s.rl as unknown as { history?: string[] }).history;
    if (history && history[0] === line) history[0] = recalled.line;
  }
  appendHistory(s.historyFile, s.entries, recalled.line);
  let words: string[];
  try {
    words = splitLine(recalled.line);
  } catch (error) {
    return reportError(error, s.io.stderr);
  }
  // `aish docker ...` typed inside the shell means `docker ...`: habits from the one-shot form.
  if (words[0] === 'aish' && words.length > 1) words = words.slice(1);
  if (words[0] === 'exit' || words[0] === 'quit') return 'exit';
  return runCancellable(s, (signal) =>
    runBuiltin(words, { stdout: s.io.stdout, history: s.entries, signal }).then(
      (status) => status ?? dispatch(s.plugin, words, s.io, signal),
    ),
  );
}

/** Runs `work` with an AbortSignal that Ctrl-C (SIGINT in cooked mode) aborts. */
async function runCancellable(s: LineState, work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    // The terminal (cooked mode) has already echoed ^C.
    s.output.write('\n');
    controller.abort(new Error('cancelled by Ctrl-C'));
  };
  s.rl.pause();
  if (s.tty) s.input.setRawMode(false);
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal).catch((error: unknown) => reportError(error, s.io.stderr, controller.signal));
  } finally {
    process.off('SIGINT', onSigint);
    if (s.tty) s.input.setRawMode(true);
    s.rl.resume();
  }
}

function clearLine(rl: Interface, output: NodeJS.WriteStream): void {
  // Drop the typed text without redrawing it (readline's own Ctrl-U would redraw the prompt first).
  const state = rl as unknown as { line: string; cursor: number };
  state.line = '';
  state.cursor = 0;
  output.write('^C\n');
  rl.prompt();
}

async function startHook(plugin: AishPlugin, output: NodeJS.WriteStream, rl: Interface, busy: () => boolean, tty: boolean) {
  if (!plugin.hooks.replStart) return null;
  try {
    return await plugin.hooks.replStart({
      notify(line) {
        // On a terminal, print above the prompt and redraw it with what was being typed.
        output.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`);
        if (tty && !busy()) rl.prompt(true);
      },
    });
  } catch (error) {
    output.write(`Error: the plugin's background monitor did not start: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  }
}
