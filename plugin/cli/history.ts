// REPL history: kept in <state>/aish/container-ci-history, one line per entry, oldest first,
// appended as commands run so that a crash loses nothing. `!N` recalls entry N (1-based, as
// `history` numbers them); `!!` the last one.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { appendPrivate, ensurePrivateDir } from '../files/private-dir';

/** Entries kept; older ones are dropped when the file is compacted. */
export const HISTORY_LIMIT = 1000;

/** Path of the history file under the state dir. */
export function historyPath(state: string): string {
  return join(state, 'aish', 'container-ci-history');
}

/** Reads the saved entries, oldest first (an absent file is an empty history). */
export function loadHistory(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-HISTORY_LIMIT);
}

/** Appends one entry; compacts the file when it has grown to twice the limit. */
export function appendHistory(path: string, entries: string[], line: string): void {
  // What the user typed may hold a secret: the file is theirs alone (0600 in a 0700 folder).
  const oneLine = line.replace(/\n/g, ' ');
  entries.push(oneLine);
  if (entries.length > 2 * HISTORY_LIMIT) {
    entries.splice(0, entries.length - HISTORY_LIMIT);
    ensurePrivateDir(dirname(path));
    writeFileAtomic(path, `${entries.join('\n')}\n`, 0o600);
  } else {
    appendPrivate(path, `${oneLine}\n`);
  }
}

/** Result of expanding `!N` / `!!`: the line to run, or an error to print. */
export type Expansion = { line: string; expanded: boolean } | { error: string };

/** Expands a line that is exactly `!N` or `!!` against the entries; other lines pass unchanged. */
export function expandRecall(line: string, entries: readonly string[]): Expansion {
  const t = line.trim();
  if (t === '!!') {
    const last = entries[entries.length - 1];
    return last === undefined
      ? { error: 'history is empty: nothing to recall with !!' }
      : { line: last, expanded: true };
  }
  const m = /^!(\d+)$/.exec(t);
  if (!m) return { line, expanded: false };
  const n = Number(m[1]);
  const entry = entries[n - 1];
  if (entry === undefined) {
    return { error: `no history entry ${n}: history has ${entries.length} entries (type 'history' to list them)` };
  }
  return { line: entry, expanded: true };
}

/** The `history` listing: right-aligned numbers, as bash prints them. */
export function formatHistory(entries: readonly string[]): string {
  const width = String(entries.length).length;
  return entries.map((e, i) => `${String(i + 1).padStart(width + 2)}  ${e}`).join('\n') + (entries.length ? '\n' : '');
}
