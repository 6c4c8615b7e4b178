// The phrasing corpus (test/unit/ci-runtime/phrasings/): its size rules, and the goal on the
// held-back split: at least 97 % correct and no unsafe answer (an action nobody asked for).
import { describe, expect, it } from 'vitest';
import { INTENT_CATALOGUE } from '../../../protocol';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import { corpusContext, loadCorpus, score } from './phrasings/corpus';

describe('understanding, measured on the phrasing corpus', () => {
  const corpus = loadCorpus();

  it('has at least 40 phrasings for every intent of the catalogue and 400 that must map to nothing', () => {
    for (const intent of INTENT_CATALOGUE.map((i) => i.name)) {
      expect(corpus.filter((s) => s.expect === intent).length, intent).toBeGreaterThanOrEqual(40);
    }
    expect(corpus.filter((s) => s.expect === 'none').length).toBeGreaterThanOrEqual(400);
    expect(new Set(corpus.map((s) => s.phrase)).size, 'no phrase twice').toBe(corpus.length);
  });

  it('reaches the goal on the held-back split: >= 97 % correct, 0 unsafe', async () => {
    const ctx = await corpusContext();
    const held = corpus.filter((s) => s.split === 'held');
    expect(held.length).toBeGreaterThan(300);
    const r = score(held, (t) => parseIntent(t, ctx));
    const misses = r.failures.map((f) => `${f.phrase} → ${f.got} (expected ${f.expect})`);
    expect(r.unsafe, misses.join('\n')).toBe(0);
    expect(r.correct / r.total, misses.join('\n')).toBeGreaterThanOrEqual(0.97);
  });

  it('never proposes an action for any must-not phrase, train or held back', async () => {
    const ctx = await corpusContext();
    const r = score(
      corpus.filter((s) => s.expect === 'none'),
      (t) => parseIntent(t, ctx),
    );
    expect(r.unsafe, r.failures.map((f) => f.phrase).join('\n')).toBe(0);
  });
});
