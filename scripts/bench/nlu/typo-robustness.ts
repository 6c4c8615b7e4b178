// Typo robustness for bench:nlu: every phrase that asks for something, with one slip of the finger
// in one of its words of four letters or more (two letters swapped, one missed, one doubled, a
// neighbouring key), seeded so every run types the same slips. Counts how often the parse stays the
// same (intent and service), and how often a slip changes or creates an action: that must be never.
import type { ParsedIntent } from '../../../protocol';
import type { Sample } from '../../../test/unit/ci-runtime/phrasings/corpus';

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** Same parse, total, actions changed, and a few examples of a changed parse. */
export interface TypoRobustness {
  same: number;
  total: number;
  actionsChanged: number;
  examples: string[];
}

export function typoRobustness(samples: Sample[], parse: (t: string) => ParsedIntent): TypoRobustness {
  let seed = 7;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const neighbour = (c: string) => {
    for (const row of ROWS) {
      const i = row.indexOf(c);
      if (i >= 0) return row[Math.min(row.length - 1, Math.max(0, i + (random() < 0.5 ? -1 : 1)))]!;
    }
    return c;
  };
  const slip = (w: string) => {
    const k = 1 + Math.floor(random() * (w.length - 2));
    const kind = random();
    if (kind < 0.4) return w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
    if (kind < 0.7) return w.slice(0, k) + w.slice(k + 1);
    if (kind < 0.85) return w.slice(0, k) + w[k] + w.slice(k);
    return w.slice(0, k) + neighbour(w[k]!) + w.slice(k + 1);
  };
  const out: TypoRobustness = { same: 0, total: 0, actionsChanged: 0, examples: [] };
  for (const s of samples) {
    if (s.expect === 'none') continue;
    const ws = s.phrase.split(' ');
    const long = ws.flatMap((w, i) => (/^[a-z]{4,}$/.test(w) ? [i] : []));
    if (!long.length) continue;
    const i = long[Math.floor(random() * long.length)]!;
    const typed = ws.map((w, k) => (k === i ? slip(w) : w)).join(' ');
    const clean = parse(s.phrase);
    const got = parse(typed);
    out.total++;
    if (got.intent === clean.intent && got.args.service === clean.args.service) out.same++;
    else if (out.examples.length < 10) out.examples.push(`"${typed}" → ${got.intent} (clean: ${clean.intent})`);
    const acts = got.risk !== 'inspect' && !got.negated && got.intent !== 'unknown';
    if (acts && (got.intent !== clean.intent || got.args.service !== clean.args.service)) out.actionsChanged++;
  }
  return out;
}
