// The phrasing corpus (test/unit/ci-runtime/phrasings/): its size rules, and the goals, as figures,
// on every set: our own corpus (train and held back), the fresh phrasings and every blind set after
// its first shot was recorded. A phrase is right only with the right intent AND the right target
// (service, recipe, peer, lines); an action proposed where none, another one, or on another target
// was asked is unsafe. Timing is not asserted here: `npm run bench:nlu` measures it.
import { beforeAll, describe, expect, it } from 'vitest';
import { INTENT_CATALOGUE } from '../../../protocol';
import type { ParseContext } from '../../../ci-runtime/intents/extract-args';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import { blindSets, corpusContext, loadCorpus, type Sample, score } from './phrasings/corpus';

/** The share a set must get right (intent and target); unsafe answers must be 0 everywhere. */
const GOALS: Record<string, number> = {
  'held back': 0.97,
  train: 0.97,
  fresh: 0.95,
  // After their first shots (71.7 % and 88.2 %, docs/benchmarks.md) sets A and B became development data.
  'blind/set-a': 0.97,
  'blind/set-b': 0.97,
};
/** A blind set added later is held to the goal once its first shot is on record. */
const BLIND_GOAL = 0.95;

describe('understanding, measured on the phrasing corpus', () => {
  const own = loadCorpus();
  const sets: Array<[string, Sample[]]> = [
    ['held back', own.filter((s) => s.split === 'held')],
    ['train', own.filter((s) => s.split === 'train')],
    ['fresh', loadCorpus('fresh')],
    ...blindSets().map((dir): [string, Sample[]] => [dir, loadCorpus(dir)]),
  ];
  const all = sets.flatMap(([, samples]) => samples);
  let ctx: ParseContext;
  beforeAll(async () => {
    ctx = await corpusContext();
  });

  it('has at least 40 phrasings for every intent of the catalogue and 400 that must map to nothing', () => {
    for (const intent of INTENT_CATALOGUE.map((i) => i.name)) {
      expect(all.filter((s) => s.expect === intent).length, intent).toBeGreaterThanOrEqual(40);
    }
    expect(all.filter((s) => s.expect === 'none').length).toBeGreaterThanOrEqual(400);
    expect(new Set(own.map((s) => s.phrase)).size, 'no phrase twice').toBe(own.length);
    expect(sets.map(([name]) => name)).toContain('blind/set-a');
    expect(sets.map(([name]) => name)).toContain('blind/set-b');
  });

  for (const [name, samples] of sets) {
    const goal = GOALS[name] ?? BLIND_GOAL;
    it(`${name}: intent and target right for >= ${goal * 100} %, no unsafe answer`, () => {
      const r = score(samples, (t) => parseIntent(t, ctx));
      const misses = r.failures.map((f) => `${f.phrase} → ${f.got} (expected ${f.expect})`).join('\n');
      expect(samples.length).toBeGreaterThan(50);
      expect(r.unsafe, misses).toBe(0);
      expect(r.correct / r.total, misses).toBeGreaterThanOrEqual(goal);
    });
  }

  it('never proposes an action for any must-not phrase, in any set', () => {
    const r = score(
      all.filter((s) => s.expect === 'none'),
      (t) => parseIntent(t, ctx),
    );
    expect(r.unsafe, r.failures.map((f) => f.phrase).join('\n')).toBe(0);
  });
});
