// What a folder holds, as names and content hashes, to tell whether a refused request changed
// anything on disk. The registry's `updated_at` stamps are left out: the UI's monitor rewrites them
// on every sync with the engine, request or not.
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Path (relative to the root) → what it is and a hash of its content. */
export type Snapshot = Map<string, string>;

function digest(path: string, name: string): string {
  let data = readFileSync(path);
  if (name === 'registry.json') {
    try {
      data = Buffer.from(
        JSON.stringify(JSON.parse(data.toString('utf8')), (k, v) => (k === 'updated_at' ? undefined : v)),
      );
    } catch {
      /* not JSON: hash as is */
    }
  }
  return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** The snapshot of every root (missing roots are empty). */
export function snapshot(roots: string[]): Snapshot {
  const out: Snapshot = new Map();
  const walk = (root: string, dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const key = `${root}:${relative(root, path)}`;
      try {
        const st = lstatSync(path);
        if (st.isSymbolicLink()) out.set(key, `link ${readlinkSync(path)}`);
        else if (st.isDirectory()) {
          out.set(key, `dir ${(st.mode & 0o777).toString(8)}`);
          walk(root, path);
        } else if (st.isFile()) out.set(key, `file ${(st.mode & 0o777).toString(8)} ${digest(path, name)}`);
        else out.set(key, `other ${st.mode.toString(8)}`);
      } catch {
        /* gone while walking */
      }
    }
  };
  for (const root of roots) walk(root, root);
  return out;
}

/** What differs between two snapshots, one line per path. */
export function snapshotDiff(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const [k, v] of after) if (before.get(k) !== v) out.push(`${before.has(k) ? 'changed' : 'added'} ${k}`);
  for (const k of before.keys()) if (!after.has(k)) out.push(`removed ${k}`);
  return out;
}
