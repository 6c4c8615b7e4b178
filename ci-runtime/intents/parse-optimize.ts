// optimize-memory: a freeing verb with memory as its object ("free up some ram"), or "memory
// optimization" as the request (the noun after 'memory': "memory cleanup", "MEMORY PURGE on redis").
// A service named as the memory's owner ("free redis memory", "purge memory on redis") goes with it.
import type { IntentArgs, ParsedIntent } from '../../protocol';
import { MEMORY_NOUNS, OPTIMIZE_NOUNS, OPTIMIZE_VERBS, RUN_VERBS } from './actions';
import { findService, isServiceWord, type ParseContext } from './extract-args';
import type { Reading } from './reading';
import { byMood, result, unknown } from './results';
import { moodAt, type Mood } from './structure';

const isMemory = (w: string) => MEMORY_NOUNS.includes(w);
/** Freeing verbs that also name the act after 'memory' ("memory purge", "memory trim"). */
const NOUN_VERBS = new Set(['purge', 'trim', 'reclaim', 'release', 'compact', 'defragment']);
/** Words between memory and the service that owns it ("memory on the redis", "ram of the worker"). */
const OWNER_GLUE = new Set(['on', 'in', 'for', 'of', 'from', 'the', 'a', 'our', 'used', 'by', 'usage', 'use']);

/** The optimize-memory intent, a "not an order" for a freeing phrase that is none, or null. */
export function parseOptimize(r: Reading, ctx?: ParseContext): ParsedIntent | null {
  const { tokens } = r;
  const memoryAt = tokens.findIndex(isMemory);
  // "redis won't stop eating memory. free some up": the memory of the statements before the request.
  const memoryBefore = memoryAt >= 0 || (r.context?.some(isMemory) ?? false);
  let firstMood: Mood | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!OPTIMIZE_VERBS.includes(t)) continue;
    const window = tokens.slice(i + 1, i + 5);
    const objectHere = window.some(isMemory);
    // "we need more free memory, free some up", "memory is tight, can you free some of it up": the
    // object is in the other clause.
    const elsewhere =
      memoryBefore &&
      ['some', 'it', 'up'].includes(tokens[i + 1] ?? '') &&
      !window.some((w) => !['some', 'it', 'up', 'please', 'of'].includes(w) && !isMemory(w));
    if (!objectHere && !elsewhere) continue;
    // 'give' and 'get' free memory only with 'back' / 'down' ("give back some memory", "get memory usage down").
    if (t === 'give' && !window.includes('back')) continue;
    if ((t === 'get' || t === 'bring') && !window.includes('down')) continue;
    if (t === 'make' && !window.some((w) => ['smaller', 'lower', 'less'].includes(w))) continue;
    if (t === 'cut' && !window.includes('down')) continue;
    const mood = moodAt(r, i);
    if (mood === 'order' || mood === 'negated') return byMood(mood, 'optimize-memory', owner(tokens, memoryAt, ctx));
    firstMood ??= mood;
  }
  if (firstMood) return unknown(0.3, firstMood);
  // "run memory optimization", "memory cleanup please", "MEMORY PURGE on redis".
  const nounAt = tokens.findIndex(
    (w, i) => OPTIMIZE_NOUNS.includes(w) || (NOUN_VERBS.has(w) && i > 0 && isMemory(tokens[i - 1]!)),
  );
  if (nounAt > 0 && isMemory(tokens[nounAt - 1]!)) {
    const head = tokens.slice(0, nounAt - 1).filter((w) => !['the', 'a', 'an'].includes(w));
    const args = owner(tokens, nounAt - 1, ctx);
    const rest = tokens
      .slice(nounAt + 1)
      .filter((w) => !['please', 'now', 'thanks'].includes(w) && !(args.service && isOwnerWord(w, ctx)));
    if (rest.length) return unknown(0.2, 'reported');
    if (head.length === 0 || (args.service && head.every((w) => ctx && isServiceWord(w, ctx))))
      return result('optimize-memory', args, 0.8);
    const lead = head.findIndex((w) => RUN_VERBS.includes(w));
    if (lead >= 0) return byMood(moodAt(r, lead), 'optimize-memory', args);
  }
  return null;
}

const isOwnerWord = (w: string, ctx: ParseContext | undefined) =>
  OWNER_GLUE.has(w) || (ctx !== undefined && isServiceWord(w, ctx));

// The service whose memory it is: named right before the memory word ("redis memory") or after it,
// through words of owning only ("memory on the redis", "ram used by the worker").
function owner(tokens: string[], memoryAt: number, ctx: ParseContext | undefined): IntentArgs {
  if (!ctx || memoryAt < 0) return {};
  const before = tokens[memoryAt - 1];
  if (before && isServiceWord(before, ctx)) {
    const s = findService([before], ctx);
    return s ? { service: s.name } : {};
  }
  let end = memoryAt + 1;
  while (
    end < tokens.length &&
    end <= memoryAt + 5 &&
    (isOwnerWord(tokens[end]!, ctx) || NOUN_VERBS.has(tokens[end]!) || OPTIMIZE_NOUNS.includes(tokens[end]!))
  )
    end++;
  const s = findService(tokens.slice(memoryAt + 1, end), ctx);
  return s ? { service: s.name } : {};
}
