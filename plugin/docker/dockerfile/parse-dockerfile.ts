// A small Dockerfile reader: instructions with their line numbers (continuations joined), the
// comments just above each one (for `# hadolint ignore=`), and stage boundaries.

/** One instruction of a Dockerfile. */
export interface Instruction {
  /** Upper-cased keyword: FROM, RUN, ... */
  keyword: string;
  /** The rest of the instruction, continuations joined with spaces. */
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
  const lines = text.split(/\r?\n/);
  const out: Instruction[] = [];
  let ignored: string[] = [];
  let stage = -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    if (raw.startsWith('#')) {
      const m = /^#\s*hadolint\s+ignore=([A-Z0-9,\s]+)/i.exec(raw);
      if (m) ignored.push(...m[1]!.split(',').map((r) => r.trim().toUpperCase()));
      continue;
    }
    const start = i + 1;
    let body = raw;
    while (body.endsWith('\\') && i + 1 < lines.length) {
      body = body.slice(0, -1);
      const next = lines[++i]!.trim();
      if (next.startsWith('#')) continue;
      body += ' ' + next;
    }
    const m = /^(\S+)\s*([\s\S]*)$/.exec(body.trim());
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    if (keyword === 'FROM') stage++;
    out.push({ keyword, args: m[2]!.replace(/\s+/g, ' ').trim(), line: start, ignored, stage });
    ignored = [];
  }
  return out;
}

/** Parses `FROM [--platform=x] image [AS name]`. */
export function parseFrom(args: string): { image: string; alias: string | null } {
  const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
  const asAt = words.findIndex((w) => w.toUpperCase() === 'AS');
  return { image: words[0] ?? '', alias: asAt >= 0 ? words[asAt + 1] ?? null : null };
}
