// Which lines of a failed run say why it failed (pure). Generic on purpose: no app's own strings,
// only how runtimes report a fatal error — a traceback ends with the exception line, errors are
// named Error/Exception/FATAL/panic, and failing that, the last thing a process says before it exits
// is the best guess. The newest such line wins: it is the one closest to the exit.

/** The error line of a run and the lines that locate it. */
export interface FailureQuote {
  /** null when the run printed nothing. */
  error: string | null;
  /** `error` with the lines that locate it (a traceback's last frame), at most 5, oldest first. */
  lines: string[];
}

/** A line that names an error in the words runtimes and loggers use for one. */
const ERROR_WORDS = [
  // SyntaxError:, ImportError:, java.lang.IllegalStateException:, Error: Cannot find module
  /(^|[\s.:(])[A-Z]?\w*(Error|Exception)\b/,
  /\b(ERROR|FATAL|CRITICAL|PANIC|EMERG)\b/,
  /\b(Fatal|fatal|panic)(:| error)/,
  /^(error|fatal)(\[\w+\])?:/,
  /\[(error|crit|alert|emerg)\]/,
  /\bnpm ERR!/,
  /\bSegmentation fault\b|\bcore dumped\b/,
  /: command not found$|: not found$|No such file or directory/,
];

/** Python's traceback header; its exception line is the first unindented line after the frames. */
const TRACEBACK = /^Traceback \(most recent call last\):/;
/** A Python frame's location line, which with the code and caret under it says where the error is. */
const FRAME = /^\s+File "[^"]+", line \d+/;
/** V8's "file:line" above the code and caret of a syntax error or an uncaught throw (not its own internals). */
const V8_LOCATION = /^(?!node:)\S+:\d+$/;
const CARET = /^\s*\^[\s^~]*$/;
const MAX_LINES = 5;

/**
 * Picks the error line of a run's output (oldest first) and the lines that locate it. `lastWords`:
 * when no line names an error, quote the last lines instead — right for a process that exited by
 * itself, wrong for one killed by a signal, whose last line ("Ready to accept connections") is no error.
 */
export function quoteFailure(output: string[], { lastWords = true }: { lastWords?: boolean } = {}): FailureQuote {
  const lines = output.map(stripAnsi).filter((l) => !l.startsWith('[tekton-ci] '));
  let at = -1;
  let inTraceback = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (TRACEBACK.test(line)) {
      inTraceback = true;
      continue;
    }
    // The traceback's last line is its exception, whatever the exception is called
    // (celery.exceptions.ImproperlyConfigured names no "Error").
    if (inTraceback && line.trim() && !/^\s/.test(line)) {
      inTraceback = false;
      at = i;
      continue;
    }
    if (ERROR_WORDS.some((w) => w.test(line))) at = i;
  }
  if (at < 0) {
    if (!lastWords) return { error: null, lines: [] };
    const said = lines.filter((l) => l.trim() !== '');
    if (!said.length) return { error: null, lines: [] };
    return { error: said[said.length - 1]!.trim(), lines: said.slice(-3) };
  }
  return { error: lines[at]!.trim(), lines: [...locationBefore(lines, at), lines[at]!] };
}

// Python puts where the error is (file, line, code, caret) in the indented lines just above the
// exception line, V8 in "file:line", code and caret a blank line above it; other runtimes print their
// stack after it, which says less than the line itself.
function locationBefore(lines: string[], at: number): string[] {
  const caret = lines[at - 1]?.trim() === '' ? at - 2 : at - 1;
  if (caret >= 2 && CARET.test(lines[caret]!) && V8_LOCATION.test(lines[caret - 2]!))
    return lines.slice(caret - 2, caret + 1);
  let start = at;
  while (start > 0 && start > at - (MAX_LINES - 1) && /^\s+\S/.test(lines[start - 1]!)) start--;
  for (let i = at - 1; i >= start; i--) if (FRAME.test(lines[i]!)) return lines.slice(i, at);
  return [];
}

function stripAnsi(line: string): string {
  // Loggers colour their level names ("\u001b[31mERROR\u001b[0m"); the words are what is matched.
  return line.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
