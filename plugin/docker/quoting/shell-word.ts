// One word of a POSIX shell command line (the RUN steps of a generated Dockerfile): bare when it
// holds only characters the shell reads literally, else single-quoted, where the shell expands
// nothing (`$`, backquotes, `#`, globs, spaces all stay text). A single quote is closed, escaped
// and reopened. Line breaks are refused: a Dockerfile line cannot hold them.
import { safeText } from './unsafe-value';

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `value` as one shell word. */
export function shellWord(value: string, position = 'a word of a RUN command'): string {
  safeText(value, position);
  return PLAIN.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
