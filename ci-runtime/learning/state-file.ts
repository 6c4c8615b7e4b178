// One JSON file in the CI's state directory (default /var/lib/tekton-ci, which outlives a container
// restart), read defensively and written atomically. A file that is cut short, garbage, of the wrong
// shape or too big is set aside (renamed, never deleted) with a warning, and the caller starts
// afresh: nothing here throws into the CI on reading.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What reading found: the decoded value (null when absent or set aside) and, when set aside, why. */
export interface StateRead<T> {
  value: T | null;
  warning: string | null;
}

/**
 * Reads `dir/name`, decoding its JSON with `decode` (a value, or a string saying what is wrong).
 * `now` names the set-aside copy; `what` says what starts again ("learning", "the failure record").
 */
export function readStateFile<T>(opts: {
  dir: string;
  name: string;
  maxBytes: number;
  decode: (value: unknown) => T | string;
  now: number;
  what: string;
}): StateRead<T> {
  const path = join(opts.dir, opts.name);
  if (!existsSync(path)) return { value: null, warning: null };
  let problem: string;
  try {
    const size = statSync(path).size;
    if (size > opts.maxBytes) problem = `it is ${size} bytes, more than ${opts.maxBytes}`;
    else {
      const decoded = opts.decode(JSON.parse(readFileSync(path, 'utf8')));
      if (typeof decoded !== 'string') return { value: decoded, warning: null };
      problem = decoded;
    }
  } catch (err) {
    problem = (err as Error).message;
  }
  const aside = `${path}.damaged-${new Date(opts.now).toISOString().replace(/[:.]/g, '-')}`;
  try {
    renameSync(path, aside);
  } catch {
    /* read-only: we simply will not overwrite it */
  }
  return {
    value: null,
    warning: `${path} could not be read (${problem}); kept it as ${aside} and started ${opts.what} again`,
  };
}

/** Writes `dir/name` atomically (temp file, then rename), creating `dir` private. Throws with the path. */
export function writeStateFile(dir: string, name: string, text: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, path);
}
