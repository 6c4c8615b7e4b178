// The slowest chat content we know how to write at the 4 KB limit: every word a near-typo of a
// catalogue word (so every comparison reaches the edit distance), no early answer. Shared by the
// benchmark and the event-loop test.
import { MAX_CHAT_BYTES } from '../../../protocol';
import { LEXICON } from '../../../ci-runtime/intents/lexicon';

/** A message of exactly MAX_CHAT_BYTES bytes of swapped-letter catalogue words. */
export function worstCaseMessage(): string {
  const vocab = [...new Set(Object.values(LEXICON).flatMap((cues) => cues.flatMap((c) => c.words)))].filter(
    (w) => w.length >= 5,
  );
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size <= MAX_CHAT_BYTES + 1; i++) {
    const w = vocab[(i * 7) % vocab.length]!;
    const k = 1 + (i % (w.length - 2));
    const typo = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
    out.push(typo);
    size += typo.length + 1;
  }
  return out.join(' ').slice(0, MAX_CHAT_BYTES);
}
