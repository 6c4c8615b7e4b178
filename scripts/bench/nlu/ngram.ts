// A learned intent classifier in pure TypeScript, for bench:nlu to compare with the shipped parser
// (issue 21): character n-grams (3 to 5 letters, across word boundaries) and whole words, hashed into
// a fixed number of buckets, and a softmax regression over them trained by SGD on the train split.
// Nothing here ships unless it wins on held-out phrasings within the CI's memory budget.
import { words } from '../../../ci-runtime/intents/tokens';

/** How the classifier is built. */
export interface NgramOptions {
  /** Hash buckets (the model holds buckets × classes weights). */
  buckets: number;
  epochs: number;
  rate: number;
  /** L2 weight decay per step. */
  decay: number;
}

export const DEFAULTS: NgramOptions = { buckets: 8192, epochs: 30, rate: 0.2, decay: 1e-5 };

/** A trained classifier: the label of a phrase, with its probability. */
export interface Ngram {
  classify(text: string): { label: string; p: number };
  /** Bytes of the weights (Float32). */
  bytes: number;
}

// FNV-1a over a string, into [0, buckets).
function hash(s: string, buckets: number): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % buckets;
}

/** The hashed features of a phrase (a bucket may repeat: counts). */
export function features(text: string, buckets: number): number[] {
  const tokens = words(text);
  const padded = ` ${tokens.join(' ')} `;
  const out: number[] = [];
  for (let n = 3; n <= 5; n++)
    for (let i = 0; i + n <= padded.length; i++) out.push(hash(padded.slice(i, i + n), buckets));
  for (const w of tokens) out.push(hash(`w:${w}`, buckets));
  for (let i = 0; i + 1 < tokens.length; i++) out.push(hash(`b:${tokens[i]} ${tokens[i + 1]}`, buckets));
  return out;
}

/** Trains on (phrase, label) pairs; deterministic (the order of the samples is shuffled by a fixed seed). */
export function trainNgram(samples: Array<{ phrase: string; label: string }>, options = DEFAULTS): Ngram {
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const k = labels.length;
  const { buckets } = options;
  const w = new Float32Array(buckets * k);
  const bias = new Float32Array(k);
  const data = samples.map((s) => ({ x: features(s.phrase, buckets), y: labels.indexOf(s.label) }));
  let seed = 42;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const scores = new Float64Array(k);
  const probs = (x: number[]) => {
    for (let c = 0; c < k; c++) {
      let z = bias[c]!;
      for (const f of x) z += w[f * k + c]!;
      scores[c] = z;
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, scores[c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      scores[c] = Math.exp(scores[c]! - max);
      sum += scores[c]!;
    }
    for (let c = 0; c < k; c++) scores[c]! /= sum;
    return scores;
  };
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = data.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [data[i], data[j]] = [data[j]!, data[i]!];
    }
    const rate = options.rate / (1 + epoch * 0.1);
    for (const { x, y } of data) {
      const p = probs(x);
      const scale = rate / Math.sqrt(x.length);
      for (let c = 0; c < k; c++) {
        const g = p[c]! - (c === y ? 1 : 0);
        bias[c]! -= rate * g;
        for (const f of x) w[f * k + c] = w[f * k + c]! * (1 - options.decay) - scale * g;
      }
    }
  }
  return {
    bytes: (w.length + bias.length) * 4,
    classify(text) {
      const p = probs(features(text, buckets));
      let best = 0;
      for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
      return { label: labels[best]!, p: p[best]! };
    },
  };
}
