// The interactive shell: prompt `aish> `, persistent history with `!N` recall, tab completion,
// Ctrl-C cancels the running command (its AbortSignal) but not the shell, Ctrl-D leaves. Lines come
// from a LineSource (line-source.ts), which also decides who owns the terminal while a command runs.
import type { AishPlugin } from '../plugin-api';
import { runBuiltin } from './builtins';
import { completeLine } from './complete';
import { dispatch, type HostIo } from './dispatch';
import { appendHistory, expandRecall, loadHistory } from './history';
import { streamLines, terminalLines, type LineSource } from './line-source';
import { reportError } from './report-error';
import { splitLine } from './split-line';

export { PROMPT } from './line-source';

/** What the REPL needs: the plugin, the host io, the terminal streams, the history file. */
export interface ReplOptions {
  plugin: AishPlugin;
  io: HostIo;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  historyFile: string;
}

/** Runs the shell until Ctrl-D, `exit`, or the end of piped input; resolves the exit status. */
export async function runRepl(opts: ReplOptions): Promise<number> {
  const { plugin, input, output } = opts;
  const tty = input.isTTY === true;
  const entries = loadHistory(opts.historyFile);
  const source = tty
    ? terminalLines(
        input,
        output,
        [...entries].reverse(),
        (line: string, cb: (e: Error | null, r?: [string[], string]) => void) => {
          completeLine(plugin, line).then(
            (r) => cb(null, r),
            (e: Error) => cb(e),
          );
        },
      )
    : streamLines(input, output);
  // The background hook (the monitor) is for people at a terminal; piped scripts get only their output.
  const stopHook = tty ? await startHook(plugin, source, output) : null;
  if (tty) output.write(`aish (${plugin.name} ${plugin.version}): 'help' lists the commands, Ctrl-D leaves.\n`);
  let last = 0;
  try {
    for (let line = await source.next(); line !== null; line = await source.next()) {
      const outcome = await runLine(line, { ...opts, entries, source });
      if (outcome === 'exit') break;
      last = outcome;
    }
  } finally {
    source.close();
    await stopHook?.().catch(() => undefined);
  }
  return tty ? 0 : last;
}

interface LineState extends ReplOptions {
  entries: string[];
  source: LineSource;
}

async function runLine(line: string, s: LineState): Promise<number | 'exit'> {
  if (!line.trim()) return 0;
  const recalled = expandRecall(line, s.entries);
  if ('error' in recalled) {
    s.io.stderr.write(`Error: ${recalled.error}\n`);
    return 2;
  }
  if (recalled.expanded) {
    s.output.write(`${recalled.line}\n`);
    // Keep the command itself in the arrow-key history, as bash does, not the '!3'.
    s.source.replaceNewest(line, recalled.line);
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

/** Runs `work` with an AbortSignal that Ctrl-C (SIGINT: the terminal is in cooked mode) aborts. */
async function runCancellable(s: LineState, work: (signal: AbortSignal) => Promise<number>): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    // The terminal has already echoed ^C.
    s.output.write('\n');
    controller.abort(new Error('cancelled by Ctrl-C'));
  };
  process.on('SIGINT', onSigint);
  try {
    return await work(controller.signal).catch((error: unknown) => reportError(error, s.io.stderr, controller.signal));
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function startHook(plugin: AishPlugin, source: LineSource, output: NodeJS.WriteStream) {
  if (!plugin.hooks.replStart) return null;
  try {
    return await plugin.hooks.replStart({ notify: (line) => source.notify(line) });
  } catch (error) {
    output.write(
      `Error: the plugin's background monitor did not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return null;
  }
}
