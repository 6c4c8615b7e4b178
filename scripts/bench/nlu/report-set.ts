// How bench:nlu prints a phrasing set: one set in the first-shot format (the figure, per intent,
// every miss), and several sets side by side for several parsers (correct, unsafe, wrong target).
import type { ParsedIntent } from '../../../protocol';
import { score, type Sample } from '../../../test/unit/ci-runtime/phrasings/corpus';

type Parse = (text: string) => ParsedIntent;

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;

/** One set as first-shot.md records it: the figure, recall and precision per intent, every miss. */
export function reportSet(name: string, samples: Sample[], parse: Parse): string[] {
  const r = score(samples, parse);
  const lines = [
    `${name}: ${r.correct}/${r.total} (${pct(r.correct, r.total)}), unsafe ${r.unsafe}, wrong target ${r.wrongTarget}`,
  ];
  for (const [intent, v] of Object.entries(r.perIntent))
    lines.push(
      `  ${intent}: recall ${Math.round(v.recall * 100)}% precision ${Math.round(v.precision * 100)}% n=${v.support}`,
    );
  for (const f of r.failures) lines.push(`  miss: "${f.phrase}" expected ${f.expect}, got ${f.got}`);
  return lines;
}

/** Sets (rows) by parsers (columns): correct, unsafe and wrong target of each. */
export function setsTable(sets: Array<[string, Sample[]]>, parsers: Array<[string, Parse]>): string[] {
  const lines = [
    `| set | phrases | ${parsers.map(([p]) => `${p}: correct / unsafe / wrong target`).join(' | ')} |`,
    `|---|---|${parsers.map(() => '---').join('|')}|`,
  ];
  for (const [name, samples] of sets) {
    const cells = parsers.map(([, parse]) => {
      const r = score(samples, parse);
      return `${r.correct} (${pct(r.correct, r.total)}) / ${r.unsafe} / ${r.wrongTarget}`;
    });
    lines.push(`| ${name} | ${samples.length} | ${cells.join(' | ')} |`);
  }
  return lines;
}
