// Dockerfiles read with a real parser (dockerfile-ast, the parser of the Docker language server):
// heredocs, escape directives and continuation lines follow BuildKit's rules, so a `FROM` inside
// a heredoc stays part of its RUN. This module flattens its result into what lint and the CI
// stage need: instructions with their line numbers, the `# hadolint ignore=` comments just above
// each one, and stage boundaries.
import { DockerfileParser } from 'dockerfile-ast';

/** One instruction of a Dockerfile. */
export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, ... */
  keyword: string;
  /** The rest of the instruction, continuations joined with spaces (heredoc bodies included). */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
  /** Rules silenced by `# hadolint ignore=DL3008,...` right above. */
  ignored: string[];
  /** Index of the stage (0 = first FROM); -1 before any FROM (global ARGs). */
  stage: number;
}

/** Parses the text into instructions. */
export function parseDockerfile(text: string): Instruction[] {
  const doc = DockerfileParser.parse(text);
  const lines = text.split(/\r?\n/);
  const commentAt = new Map<number, string>();
  for (const c of doc.getComments()) commentAt.set(c.getRange().start.line, c.getContent());
  const out: Instruction[] = [];
  let stage = -1;
  for (const ins of doc.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    if (keyword === 'FROM') stage++;
    const { start, end } = ins.getRange();
    // The instruction's own text (flags such as --mount included), without its keyword.
    const own = lines.slice(start.line, end.line + 1);
    own[own.length - 1] = own[own.length - 1]!.slice(0, end.character);
    own[0] = own[0]!.slice(start.character).replace(/^\s*\S+/, '');
    const line = start.line;
    out.push({ keyword, args: flatten(own.join('\n')), line: line + 1, ignored: ignoredAbove(commentAt, line), stage });
  }
  return out;
}

/** Comment lines inside a continued instruction are dropped (as BuildKit does); the rest is one line. */
function flatten(raw: string): string {
  return raw
    .split(/\r?\n/)
    .filter((l) => !/^\s*#/.test(l))
    .map((l) => l.replace(/\\\s*$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Rules named by the run of comment lines right above `line` (0-based). */
function ignoredAbove(commentAt: Map<number, string>, line: number): string[] {
  const rules: string[] = [];
  for (let l = line - 1; commentAt.has(l); l--) {
    const m = /^\s*hadolint\s+ignore=([A-Z0-9,\s]+)/i.exec(commentAt.get(l)!);
    if (m)
      rules.push(
        ...m[1]!
          .split(',')
          .map((r) => r.trim().toUpperCase())
          .filter(Boolean),
      );
  }
  return rules;
}

/** Parses `FROM [--platform=x] image [AS name]`. */
export function parseFrom(args: string): { image: string; alias: string | null } {
  const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
  const asAt = words.findIndex((w) => w.toUpperCase() === 'AS');
  return { image: words[0] ?? '', alias: asAt >= 0 ? (words[asAt + 1] ?? null) : null };
}
