// The one tokeniser of the CI (chat, parse, recipe phrases, service/peer names): lower case,
// contractions expanded, punctuation dropped, hyphens and underscores split ('clear-cache' and
// 'clear cache' are the same words). Plus a light stemmer and typo-tolerant word comparison. Pure.

const NOT_CONTRACTIONS: Array<[RegExp, string]> = [[/\bwon'?t\b/g, 'will not'], [/\bcan'?t\b/g, 'can not'], [/\bcannot\b/g, 'can not'], [/\bshan'?t\b/g, 'shall not']];
// "dont", "isnt" typed without the apostrophe are common; only these forms are words of their own.
const BARE_NOT = /\b(do|does|did|is|are|was|were|should|would|could|must|has|have|had|need)n'?t\b/g;
const APOSTROPHE_S: Array<[RegExp, string]> = [
  [/\b(what|how|where|who|when|why|it|that|there|here|he|she)'s\b/g, '$1 is'], [/\blet's\b/g, 'let us'], [/\bi'm\b/g, 'i am'],
  [/\b(i|you|we|they)'d\b/g, '$1 would'], [/\b(i|you|we|they)'ll\b/g, '$1 will'], [/\b(i|you|we|they)'ve\b/g, '$1 have'], [/\b(you|we|they)'re\b/g, '$1 are'],
  [/\bwhats\b/g, 'what is'], [/\bhows\b/g, 'how is'],
  // Anything else with 's is a possessive: "redis's memory" → "redis memory".
  [/'s\b/g, ''], [/s'(\s|$)/g, 's$1'],
];

/** Longest input the tokeniser reads; the server refuses longer chat content before it gets here. */
export const MAX_TOKENS = 400;

/** Splits a phrase into normalised words (filler kept; callers decide). */
export function words(text: string): string[] {
  let t = text.slice(0, 8192).toLowerCase().replace(/[’‘`´]/g, "'");
  for (const [re, sub] of NOT_CONTRACTIONS) t = t.replace(re, sub);
  t = t.replace(BARE_NOT, '$1 not');
  for (const [re, sub] of APOSTROPHE_S) t = t.replace(re, sub);
  const out = t.replace(/[^a-z0-9\s]/g, ' ').split(/\s+/).filter(Boolean);
  return out.length > MAX_TOKENS ? out.slice(0, MAX_TOKENS) : out;
}

/** Light stemmer: plural and -ing/-ed forms fold onto the base word for comparison. */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return undouble(word.slice(0, -3));
  if (word.length > 4 && word.endsWith('ed')) return undouble(word.slice(0, -2));
  if (word.length > 4 && word.endsWith('es') && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

// 'stopp' → 'stop', 'restart' stays.
function undouble(w: string): string {
  return /([bdgmnprt])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** Damerau-Levenshtein (optimal string alignment) distance. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** 1 for the same word (or its plural/-ing form), a lower score for a likely typo, 0 otherwise. */
export function wordMatch(typed: string, known: string): number {
  if (typed === known || stem(typed) === stem(known)) return 1;
  return typoMatch(typed, known);
}

/** 0.85 when `typed` looks like a typo of `known`, else 0 (no inflections: see wordMatch). */
export function typoMatch(typed: string, known: string): number {
  // Short words get no typo tolerance: 'cpu'/'cup', 'log'/'lot' are different words.
  if (known.length < 4 || typed.length < 3) return 0;
  const allowed = known.length >= 8 ? 2 : 1;
  // Compare unstemmed forms: a typo can break the stemmer ('stauts').
  if (editDistance(typed, known) > allowed) return 0;
  // In four-letter words one changed letter is usually another word ('kick'/'sick', 'disk'/'desk'):
  // accept only swapped letters there ('lgos').
  if (known.length <= 5 && [...typed].sort().join('') !== [...known].sort().join('')) return 0;
  return 0.85;
}
