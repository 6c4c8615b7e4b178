// Walks a project directory into a ProjectTree. Bad input must not crash the analysis: unreadable
// directories, symlink loops, binary and huge files, and trees of tens of thousands of files are
// noted and skipped. Root .gitignore and .dockerignore are honoured (nested .gitignore files too).
// A link is followed only while it stays in the project (project/inside-project.ts): one that leads
// out is skipped and named once in the plan, so nothing of the host reaches the plan or the image.
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isUnder, outsideNote, readInside, realRoot } from '../project/inside-project';
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
  const rootReal = realRoot(root);
  // Each link that leaves the project is named once, whether the walk or a read met it first.
  const leaving = new Set<string>();
  const noteOutside = (link: string, target: string) => {
    if (leaving.has(link)) return;
    leaving.add(link);
    notes.push(outsideNote(link, target));
  };
  const read = (rel: string, quiet = false): string | null => {
    const r = readInside(root, rel, maxFileBytes);
    if (r.kind === 'file') {
      // A NUL byte in the first 8 KB: a binary file, not source to analyse.
      if (r.content.subarray(0, 8192).includes(0)) {
        if (!quiet) notes.push(`${rel}: binary, not read`);
        return null;
      }
      return r.content.toString('utf8');
    }
    if (r.kind === 'outside') noteOutside(r.link, r.target);
    else if (r.kind === 'skipped' && !quiet && r.why !== 'a directory') notes.push(`${rel}: ${r.why}, not read`);
    return null;
  };
  for (const name of ['.gitignore', '.dockerignore']) {
    const text = read(name, true);
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
      const text = read(`${rel}/.gitignore`, true);
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
        let real: string;
        try {
          real = realpathSync(join(abs, name));
        } catch {
          notes.push(`${childRel}: broken symlink, skipped`);
          continue;
        }
        if (!isUnder(rootReal, real)) {
          noteOutside(childRel, linkTarget(join(abs, name)));
          continue;
        }
        const t = statSync(real);
        isDir = t.isDirectory();
        isFile = t.isFile();
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
      const text = read(path);
      cache.set(path, text);
      return text;
    },
  };
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}
