// The benchmarks' one report writer: the machine line, the table, and the section of
// docs/benchmarks.md each benchmark owns (other sections are kept as they are).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docs/benchmarks.md of this checkout. */
export const BENCHMARKS_DOC = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  'docs',
  'benchmarks.md',
);

/** One row: what was measured, the figure, and its spread or a note. */
export type BenchRow = [string, string, string];

/** What a section says around its table. */
export interface BenchSection {
  /** The `## ` heading, e.g. 'Container CI'. */
  title: string;
  /** The npm script that measures, e.g. 'bench:ci'. */
  script: string;
  /** Paragraphs after the "Measured ..." line: the setup and the targets. */
  notes: string[];
  /** Third column's heading ('spread' or 'notes'). */
  third: string;
  rows: BenchRow[];
}

/** The p-th percentile (nearest rank) of the samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The machine the figures come from (CPU, kernel, Docker, cgroup, Node). */
export function describeMachine(): string {
  let dockerVersion = 'unknown';
  try {
    dockerVersion = execFileSync('docker', ['version', '-f', '{{.Server.Version}}'], { encoding: 'utf8' }).trim();
  } catch {
    /* keep unknown */
  }
  const cgroup = existsSync('/sys/fs/cgroup/cgroup.controllers') ? 'v2' : 'v1';
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, Linux ${release()}, Docker ${dockerVersion}, cgroup ${cgroup}, Node ${process.version}`;
}

/** The rows as a Markdown table. */
export function markdownTable(rows: BenchRow[], third = 'spread'): string {
  return [
    `| measure | figure | ${third} |`,
    '|---|---|---|',
    ...rows.map(([a, b, c]) => `| ${a} | ${b} | ${c} |`),
  ].join('\n');
}

/** The section's Markdown (pure: the date and machine are passed in). */
export function renderSection(s: BenchSection, at: Date, machine: string): string {
  const when = at.toISOString().slice(0, 16).replace('T', ' ');
  return [
    `## ${s.title}`,
    '',
    `Measured ${when} UTC by \`npm run ${s.script}\` on ${machine}, while other work shared the machine.`,
    ...s.notes,
    '',
    markdownTable(s.rows, s.third),
    '',
  ].join('\n');
}

/** The document with the section titled `title` replaced (or appended), the others unchanged. */
export function replaceSection(doc: string, title: string, section: string): string {
  const heading = `## ${title}\n`;
  const found = doc.startsWith(heading) ? 0 : doc.indexOf(`\n${heading}`);
  if (found < 0) return `${doc.trimEnd()}\n\n${section.trimEnd()}\n`;
  const start = doc.startsWith(heading) ? 0 : found + 1;
  const next = doc.indexOf('\n## ', start + 1);
  const after = next < 0 ? '' : `\n${doc.slice(next + 1)}`;
  return `${doc.slice(0, start)}${section.trimEnd()}\n${after}`;
}

/** Writes the section into docs/benchmarks.md (or `path`) and says so on stderr. */
export function writeBenchSection(s: BenchSection, path = BENCHMARKS_DOC): void {
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, replaceSection(old, s.title, renderSection(s, new Date(), describeMachine())));
  process.stderr.write(`wrote ${path}\n`);
}
