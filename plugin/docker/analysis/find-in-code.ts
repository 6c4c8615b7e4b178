// Searching source files for a pattern, cheaply: only files with the given extensions, in a stable
// order (shallow paths first, so `main.py` beats `tests/fixtures/main.py`).
import type { ProjectTree } from './project-tree';

/** One match of a pattern in a file. */
export interface CodeMatch {
  file: string;
  match: RegExpExecArray;
}

/** Source files with one of `exts`, shallowest first, at most `limit` of them. */
export function sourceFiles(tree: ProjectTree, exts: string[], limit = 400): string[] {
  const wanted = tree.files.filter(
    (f) => exts.some((e) => f.endsWith(e)) && !/(^|\/)(tests?|spec|__tests__|examples?|docs?)\//.test(f),
  );
  return wanted.sort((a, b) => depth(a) - depth(b) || a.localeCompare(b)).slice(0, limit);
}

/** Every file among `files` whose text matches `re` (first match per file). */
export function findInCode(tree: ProjectTree, files: string[], re: RegExp): CodeMatch[] {
  const out: CodeMatch[] = [];
  for (const file of files) {
    const text = tree.read(file);
    if (text === null) continue;
    const match = new RegExp(re.source, re.flags.replace('g', '')).exec(text);
    if (match) out.push({ file, match });
  }
  return out;
}

/** The first port a source file names in a listen-like call, with the text that named it. */
export function portInCode(
  tree: ProjectTree,
  files: string[],
  patterns: RegExp[],
): { port: number; file: string; text: string } | null {
  for (const re of patterns) {
    for (const { file, match } of findInCode(tree, files, re)) {
      const port = Number(match[1]);
      if (port > 0 && port < 65536) return { port, file, text: match[0].trim().slice(0, 80) };
    }
  }
  return null;
}

function depth(path: string): number {
  return path.split('/').length;
}
