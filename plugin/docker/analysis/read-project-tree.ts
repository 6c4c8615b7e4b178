// Walks a project directory into a ProjectTree. Bad input must not crash the analysis: unreadable
// directories, symlink loops, binary and huge files, and trees of tens of thousands of files are
// noted and skipped. Root .gitignore and .dockerignore are honoured (nested .gitignore files too).
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isIgnored, parseIgnoreFile, type IgnoreRule } from './ignore-rules';
import type { ProjectTree } from './project-tree';

/** Directories no analysis needs and every project ignores. */
const ALWAYS_SKIPPED = new Set([
  '.git',
  'node_modules',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.next',
  'target',
  '.gradle',
  '_build',
  'deps',
  'vendor',
  '.tekton-ci',
]);

/** Options of readProjectTree. */
export interface ReadTreeOptions {
  /** Stop listing after this many files (a note says so). */
  maxFiles?: number;
  /** Files larger than this are listed but not read. */
  maxFileBytes?: number;
}

/** Reads the file list of `root` (sync: one pass, no reads of file contents until asked). */
export function readProjectTree(root: string, options: ReadTreeOptions = {}): ProjectTree {
  const maxFiles = options.maxFiles ?? 100_000;
  const maxFileBytes = options.maxFileBytes ?? 512 * 1024;
  const notes: string[] = [];
  const files: string[] = [];
  const rules: IgnoreRule[] = [];
  for (const name of ['.gitignore', '.dockerignore']) {
    const text = readSmall(join(root, name), maxFileBytes);
    if (text !== null) rules.push(...parseIgnoreFile(text, 'gitignore'));
  }
  const seenDirs = new Set<string>();
  const stack: Array<{ rel: string; rules: IgnoreRule[] }> = [{ rel: '', rules }];
  let truncated = false;
  while (stack.length && !truncated) {
    const { rel, rules: dirRules } = stack.pop()!;
    const abs = rel ? join(root, rel) : root;
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      notes.push(`${rel || '.'}: cannot resolve, skipped`);
      continue;
    }
    if (seenDirs.has(real)) {
      notes.push(`${rel}: symlink loop or duplicate directory, skipped`);
      continue;
    }
    seenDirs.add(real);
    let entries: string[];
    try {
      entries = readdirSync(abs).sort();
    } catch (err) {
      notes.push(`${rel || '.'}: unreadable directory (${(err as NodeJS.ErrnoException).code ?? 'error'}), skipped`);
      continue;
    }
    let localRules = dirRules;
    if (rel && entries.includes('.gitignore')) {
      const text = readSmall(join(abs, '.gitignore'), maxFileBytes);
      if (text !== null) localRules = [...dirRules, ...parseIgnoreFile(text, 'gitignore', rel)];
    }
    const subdirs: string[] = [];
    for (const name of entries) {
      const childRel = rel ? `${rel}/${name}` : name;
      let st;
      try {
        st = lstatSync(join(abs, name));
      } catch {
        notes.push(`${childRel}: cannot stat, skipped`);
        continue;
      }
      let isDir = st.isDirectory();
      let isFile = st.isFile();
      if (st.isSymbolicLink()) {
        try {
          const t = statSync(join(abs, name));
          isDir = t.isDirectory();
          isFile = t.isFile();
        } catch {
          notes.push(`${childRel}: broken symlink, skipped`);
          continue;
        }
      }
      if (isDir) {
        if (ALWAYS_SKIPPED.has(name) || isIgnored(localRules, childRel, true)) continue;
        subdirs.push(childRel);
      } else if (isFile) {
        if (isIgnored(localRules, childRel, false)) continue;
        if (files.length >= maxFiles) {
          truncated = true;
          break;
        }
        files.push(childRel);
      }
    }
    for (const d of subdirs.reverse()) stack.push({ rel: d, rules: localRules });
  }
  if (truncated)
    notes.push(
      `more than ${maxFiles} files: listed the first ${maxFiles}; add a .dockerignore to leave out generated files`,
    );
  files.sort();
  const cache = new Map<string, string | null>();
  return {
    files,
    notes,
    read(path) {
      if (cache.has(path)) return cache.get(path)!;
      const text = readSmall(join(root, path), maxFileBytes, notes, path);
      cache.set(path, text);
      return text;
    },
  };
}

function readSmall(path: string, maxBytes: number, notes?: string[], rel?: string): string | null {
  try {
    const st = statSync(path);
    if (!st.isFile()) return null;
    if (st.size > maxBytes) {
      notes?.push(`${rel}: larger than ${maxBytes} bytes, not read`);
      return null;
    }
    const buf = readFileSync(path);
    // A NUL byte in the first 8 KB: a binary file, not source to analyse.
    if (buf.subarray(0, 8192).includes(0)) {
      notes?.push(`${rel}: binary, not read`);
      return null;
    }
    return buf.toString('utf8');
  } catch (err) {
    notes?.push(`${rel ?? path}: unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'}), skipped`);
    return null;
  }
}
