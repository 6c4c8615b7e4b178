// The files of a build context, exactly as `docker build` would send them: everything under the
// context directory except what its .dockerignore excludes (Docker's anchored dialect). Symlinks
// are kept as symlinks, never followed (loops cannot hang the walk, and a link to a host file sends
// the link, not the file: the builder resolves it inside the context). The context folder itself
// must lie inside the project, and each file is opened without following a link (docs/security.md,
// boundary 4), so no byte of a file outside the project is sent.
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isIgnoredWithParents, parseIgnoreFile } from '../analysis/ignore-rules';
import { locateInside, readInside, readRegularFile } from '../project/inside-project';
import type { TarEntry } from './tar-writer';

/** Options of listContextFiles. */
export interface ContextOptions {
  /** Refuse contexts larger than this many bytes (default 2 GiB). */
  maxBytes?: number;
  /** Ignore rules to use when the directory has no .dockerignore of its own (the planned one). */
  fallbackIgnore?: string;
  /** The project the context belongs to (default: the context folder itself); nothing outside it is read. */
  projectRoot?: string;
}

/** Error for a context that cannot be sent. */
export class ContextError extends Error {
  override name = 'ContextError';
}

/** Tar entries of the context directory (files, symlinks, empty directories). */
export function listContextFiles(dir: string, options: ContextOptions = {}): TarEntry[] {
  const maxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  const root = options.projectRoot ?? dir;
  const contextRel = relative(root, dir);
  const where = locateInside(root, contextRel);
  if (where.kind === 'outside')
    throw new ContextError(
      `Build context ${contextRel || '.'}: ${where.link} is a link to ${where.target}, outside the project; refusing to send it`,
    );
  if (where.kind === 'missing') throw new ContextError(`Build context ${dir} does not exist`);
  const ignore = readInside(root, join(contextRel, '.dockerignore'));
  // No .dockerignore (or one behind a link that leaves the project): the planned one, if given.
  const ignoreText = ignore.kind === 'file' ? ignore.content.toString('utf8') : (options.fallbackIgnore ?? '');
  const rules = parseIgnoreFile(ignoreText, 'dockerignore');
  const base = where.real;
  const entries: TarEntry[] = [];
  let total = 0;
  const walk = (rel: string) => {
    const abs = rel ? join(base, rel) : base;
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
        const read = readRegularFile(join(abs, name));
        if (read.kind !== 'file')
          throw new ContextError(
            `Cannot read ${childRel} (${read.kind === 'missing' ? 'it went away' : read.why}): fix it or add it to .dockerignore`,
          );
        const content = read.content;
        entries.push({ path: childRel, content, executable: (st.mode & 0o111) !== 0 });
      }
    }
  };
  walk('');
  return entries;
}
