// .gitignore / .dockerignore matching. Two dialects: gitignore patterns without a slash match at any
// depth; .dockerignore patterns are always anchored at the context root (Docker's own rule), so
// `*.pyc` there only matches at the top and `**/*.pyc` is needed for every level. The .dockerignore
// dialect is matched by @balena/dockerignore (a port of Docker's own fileutils matcher, the one
// dockerode uses), so what we leave out of a context is exactly what `docker build` leaves out.
import dockerignore from '@balena/dockerignore';

/** One compiled ignore rule. */
export interface IgnoreRule {
  regex: RegExp;
  negate: boolean;
  dirOnly: boolean;
  /** A whole .dockerignore file, matched as Docker does (the regex is then unused). */
  docker?: ReturnType<typeof dockerignore>;
}

/** Which dialect a file's patterns follow. */
export type IgnoreDialect = 'gitignore' | 'dockerignore';

/** Compiles the text of an ignore file (comments, blank lines and `!` negations handled). */
export function parseIgnoreFile(text: string, dialect: IgnoreDialect, base = ''): IgnoreRule[] {
  if (dialect === 'dockerignore') {
    const docker = dockerignore({ ignorecase: false }).add(text.split(/\r?\n/));
    return [{ regex: /(?!)/, negate: false, dirOnly: false, docker }];
  }
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.replace(/\/+$/, '');
    }
    if (line.startsWith('./')) line = line.slice(2);
    const anchored = line.startsWith('/') || line.includes('/');
    line = line.replace(/^\/+/, '');
    if (!line) continue;
    const body = globToRegex(line);
    const prefix = base ? `${escapeRegex(base)}/` : '';
    const source = anchored ? `^${prefix}${body}$` : `^${prefix}(?:.*/)?${body}$`;
    rules.push({ regex: new RegExp(source), negate, dirOnly });
  }
  return rules;
}

/** True when `path` (posix, relative to the root) is excluded by the rules; last match wins. */
export function isIgnored(rules: IgnoreRule[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.docker) {
      ignored = rule.docker.ignores(path);
      continue;
    }
    if (rule.dirOnly && !isDir) continue;
    if (rule.regex.test(path)) ignored = !rule.negate;
  }
  return ignored;
}

/** True when the path or one of its parent directories is excluded (Docker's prefix rule). */
export function isIgnoredWithParents(rules: IgnoreRule[], path: string, isDir: boolean): boolean {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (isIgnored(rules, parts.slice(0, i).join('/'), true)) return true;
  }
  return isIgnored(rules, path, isDir);
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more directories; a trailing `**` matches everything below.
        if (glob[i + 2] === '/') {
          out += '(?:.*/)?';
          i += 2;
        } else {
          out += '.*';
          i += 1;
        }
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end > i) {
        out += glob.slice(i, end + 1).replace(/^\[!/, '[^');
        i = end;
      } else out += '\\[';
    } else out += escapeRegex(c);
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
