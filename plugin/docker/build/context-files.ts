// The files of a build context, exactly as `docker build` would send them: everything under the
// context directory except what its .dockerignore excludes (Docker's anchored dialect). Symlinks
// are kept as symlinks (never followed, so loops cannot hang the walk).
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isIgnoredWithParents, parseIgnoreFile } from '../analysis/ignore-rules';
import type { TarEntry } from './tar-writer';

/** Options of listContextFiles. */
export interface ContextOptions {
  /** Refuse contexts larger than this many bytes (default 2 GiB). */
  maxBytes?: number;
  /** Ignore rules to use when the directory has no .dockerignore of its own (the planned one). */
  fallbackIgnore?: string;
}

/** Error for a context that cannot be sent. */
export class ContextError extends Error {
  override name = 'ContextError';
}

/** Tar entries of the context directory (files, symlinks, empty directories). */
export function listContextFiles(dir: string, options: ContextOptions = {}): TarEntry[] {
  const maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  let ignoreText = options.fallbackIgnore ?? '';
  try {
    ignoreText = readFileSync(join(dir, '.dockerignore'), 'utf8');
  } catch {
    /* no .dockerignore: the planned one, if given */
  }
  const rules = parseIgnoreFile(ignoreText, 'dockerignore');
  const entries: TarEntry[] = [];
  let total = 0;
  const walk = (rel: string) => {
    const abs = rel ? join(dir, rel) : dir;
    let names: string[];
    try {
      names = readdirSync(abs).sort();
    } catch (err) {
      throw new ContextError(
        `Cannot read ${abs} (${(err as NodeJS.ErrnoException).code}): fix its permissions or add it to .dockerignore`,
      );
    }
    if (rel && !names.length) entries.push({ path: rel, type: 'dir' });
    for (const name of names) {
      const childRel = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(abs, name));
      if (isIgnoredWithParents(rules, childRel, st.isDirectory())) continue;
      if (st.isSymbolicLink())
        entries.push({ path: childRel, type: 'symlink', linkTarget: readlinkSync(join(abs, name)) });
      else if (st.isDirectory()) walk(childRel);
      else if (st.isFile()) {
        total += st.size;
        if (total > maxBytes)
          throw new ContextError(
            `Build context ${dir} is larger than ${maxBytes} bytes: add large files to .dockerignore`,
          );
        let content: Buffer;
        try {
          content = readFileSync(join(abs, name));
        } catch (err) {
          throw new ContextError(
            `Cannot read ${childRel} (${(err as NodeJS.ErrnoException).code}): fix its permissions or add it to .dockerignore`,
          );
        }
        entries.push({ path: childRel, content, executable: (st.mode & 0o111) !== 0 });
      }
    }
  };
  walk('');
  return entries;
}
