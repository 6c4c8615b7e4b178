// optimize-memory: a freeing verb with memory as its object ("free up some ram"), or "memory
// optimization" as the request.
import type { ParsedIntent } from '../../protocol';
import { MEMORY_NOUNS, OPTIMIZE_NOUNS, OPTIMIZE_VERBS, RUN_VERBS } from './actions';
import type { Reading } from './reading';
import { byMood, result, unknown } from './results';
import { moodAt, type Mood } from './structure';

const isMemory = (w: string) => MEMORY_NOUNS.includes(w);

/** The optimize-memory intent, a "not an order" for a freeing phrase that is none, or null. */
export function parseOptimize(r: Reading): ParsedIntent | null {
  const { tokens } = r;
  const memoryAt = tokens.findIndex(isMemory);
  let firstMood: Mood | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!OPTIMIZE_VERBS.includes(t)) continue;
    const window = tokens.slice(i + 1, i + 5);
    const objectHere = window.some(isMemory);
    // "we need more free memory, free some up": the object is in the other clause.
    const elsewhere =
      memoryAt >= 0 &&
      ['some', 'it', 'up'].includes(tokens[i + 1] ?? '') &&
      !window.some((w) => !['some', 'it', 'up', 'please'].includes(w));
    if (!objectHere && !elsewhere) continue;
    // 'give' and 'get' free memory only with 'back' / 'down' ("give back some memory", "get memory usage down").
    if (t === 'give' && !window.includes('back')) continue;
    if ((t === 'get' || t === 'bring') && !window.includes('down')) continue;
    if (t === 'make' && !window.some((w) => ['smaller', 'lower', 'less'].includes(w))) continue;
    if (t === 'cut' && !window.includes('down')) continue;
    const mood = moodAt(r, i);
    if (mood === 'order' || mood === 'negated') return byMood(mood, 'optimize-memory', {});
    firstMood ??= mood;
  }
  if (firstMood) return unknown(0.3, firstMood);
  // "run memory optimization", "memory cleanup please", "do a memory optimization".
  const nounAt = tokens.findIndex((w) => OPTIMIZE_NOUNS.includes(w));
  if (nounAt > 0 && isMemory(tokens[nounAt - 1]!)) {
    const head = tokens.slice(0, nounAt - 1).filter((w) => !['the', 'a', 'an'].includes(w));
    const rest = tokens.slice(nounAt + 1).filter((w) => !['please', 'now', 'thanks'].includes(w));
    if (rest.length) return unknown(0.2, 'reported');
    if (head.length === 0) return result('optimize-memory', {}, 0.8);
    const lead = head.findIndex((w) => RUN_VERBS.includes(w));
    if (lead >= 0) return byMood(moodAt(r, lead), 'optimize-memory', {});
  }
  return null;
}
