// The view of a project the analysis works on: a list of files and a way to read one. The real
// walker (read-project-tree.ts) and the in-memory one (tests) both produce this, so every decision
// of the analysis is a pure function of it.

/** A project's files as the analysis sees them. */
export interface ProjectTree {
  /** Posix paths relative to the project root, sorted, ignored files already left out. */
  files: string[];
  /** Text of a file, or null when it is missing, unreadable, binary or too large. */
  read(path: string): string | null;
  /** What the walker had to skip and why (unreadable, symlink loop, limit reached...). */
  notes: string[];
}

/** A tree held in memory: used by tests and by callers that already have the files. */
export function memoryTree(files: Record<string, string>, notes: string[] = []): ProjectTree {
  return {
    files: Object.keys(files).sort(),
    read: (path) => (Object.prototype.hasOwnProperty.call(files, path) ? files[path]! : null),
    notes,
  };
}

/** The files of `tree` under `dir`, re-rooted there (for one app of a monorepo). */
export function subTree(tree: ProjectTree, dir: string): ProjectTree {
  if (!dir || dir === '.') return tree;
  const prefix = `${dir}/`;
  return {
    files: tree.files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)),
    read: (path) => tree.read(prefix + path),
    notes: tree.notes,
  };
}

/** Dirname of a posix relative path ('' at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Basename of a posix path. */
export function baseOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
