// The one tokeniser of the CI (chat, parse, recipe phrases, service/peer names): lower case,
// contractions expanded, punctuation dropped, hyphens and underscores split ('clear-cache' and
// 'clear cache' are the same words). Plus a light stemmer and typo-tolerant word comparison. Pure.

const NOT_CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bwon'?t\b/g, 'will not'],
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bshan'?t\b/g, 'shall not'],
];
// "dont", "isnt" typed without the apostrophe are common; only these forms are words of their own.
const BARE_NOT = /\b(do|does|did|is|are|was|were|should|would|could|must|has|have|had|need)n'?t\b/g;
const APOSTROPHE_S: Array<[RegExp, string]> = [
  [/\b(what|how|where|who|when|why|it|that|there|here|he|she)'s\b/g, '$1 is'],
  [/\blet's\b/g, 'let us'],
  [/\bi'm\b/g, 'i am'],
  [/\b(i|you|we|they)'d\b/g, '$1 would'],
  [/\b(i|you|we|they)'ll\b/g, '$1 will'],
  [/\b(i|you|we|they)'ve\b/g, '$1 have'],
  [/\b(you|we|they)'re\b/g, '$1 are'],
  [/\bwhats\b/g, 'what is'],
  [/\bhows\b/g, 'how is'],
  // Anything else with 's is a possessive: "redis's memory" → "redis memory".
  [/'s\b/g, ''],
  [/s'(\s|$)/g, 's$1'],
];

/**
 * Words the parser reads; the rest of a long message is ignored. A question to the CI fits in far
 * fewer, and the bound keeps a 4 KB message from holding the event loop (bench:nlu).
 */
export const MAX_TOKENS = 48;

/** Splits a phrase into normalised words (filler kept; callers decide). */
export function words(text: string): string[] {
  let t = text
    .slice(0, 8192)
    .toLowerCase()
    .replace(/[’‘`´]/g, "'");
  for (const [re, sub] of NOT_CONTRACTIONS) t = t.replace(re, sub);
  t = t.replace(BARE_NOT, '$1 not');
  for (const [re, sub] of APOSTROPHE_S) t = t.replace(re, sub);
  const out = t
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  return out.length > MAX_TOKENS ? out.slice(0, MAX_TOKENS) : out;
}

const known = new Map<string, string[]>();

/** words() of a catalogue string (a service name, a recipe phrase): those are few, so they are kept. */
export function knownWords(text: string): string[] {
  let w = known.get(text);
  if (!w) {
    w = words(text);
    if (known.size > 5000) known.clear();
    known.set(text, w);
  }
  return w;
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

// Rows reused by editDistance: parsing must not allocate per word pair (issue 12: 0.1 ms a character).
let rowA = new Int32Array(64),
  rowB = new Int32Array(64),
  rowC = new Int32Array(64);

/** Damerau-Levenshtein (optimal string alignment) distance; anything above 2 is reported as 3. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const n = b.length;
  if (n + 1 > rowA.length) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
    rowC = new Int32Array(n + 1);
  }
  // prev2 = row i-2, prev = row i-1, cur = row i.
  let prev2 = rowA,
    prev = rowB,
    cur = rowC;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > 2) return 3;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]!;
}

/** 1 for the same word (or its plural/-ing form), a lower score for a likely typo, 0 otherwise. */
export function wordMatch(typed: string, known: string): number {
  if (typed === known) return 1;
  if (typed.charCodeAt(0) === known.charCodeAt(0) && stem(typed) === stem(known)) return 1;
  return typoMatch(typed, known);
}

/**
 * An index of known words for the hot loop: which of them a typed word is (same word or stem), or
 * could be a typo of, without comparing it to every one.
 */
export class Vocabulary {
  private readonly byStem = new Map<string, string[]>();
  private readonly byShape = new Map<string, string[]>();

  constructor(known: Iterable<string>) {
    for (const k of new Set(known)) {
      push(this.byStem, stem(k), k);
      if (k.length >= 4) {
        push(this.byShape, `${k[0]}<${k.length}`, k);
        push(this.byShape, `${k[k.length - 1]}>${k.length}`, k);
      }
    }
  }

  /** Known words `typed` matches, each with its wordMatch score. */
  matches(typed: string): Array<[string, number]> {
    const out = new Map<string, number>();
    for (const k of this.byStem.get(stem(typed)) ?? [])
      if (k === typed || k.charCodeAt(0) === typed.charCodeAt(0)) out.set(k, 1);
    if (typed.length >= 3) {
      for (let len = typed.length - 2; len <= typed.length + 2; len++) {
        for (const key of [`${typed[0]}<${len}`, `${typed[typed.length - 1]}>${len}`]) {
          for (const k of this.byShape.get(key) ?? [])
            if (!out.has(k)) {
              const m = typoMatch(typed, k);
              if (m > 0) out.set(k, m);
            }
        }
      }
    }
    return [...out];
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** wordMatch with both stems already known (the parser's hot loop). */
export function stemmedMatch(typed: string, typedStem: string, known: string, knownStem: string): number {
  if (typed === known || typedStem === knownStem) return 1;
  return typoMatch(typed, known);
}

/** 0.85 when `typed` looks like a typo of `known`, else 0 (no inflections: see wordMatch). */
export function typoMatch(typed: string, known: string): number {
  // Short words get no typo tolerance: 'cpu'/'cup', 'log'/'lot' are different words.
  if (known.length < 4 || typed.length < 3) return 0;
  const allowed = known.length >= 8 ? 2 : 1;
  if (Math.abs(typed.length - known.length) > allowed) return 0;
  // In words of up to five letters one changed letter is usually another word ('kick'/'sick',
  // 'disk'/'desk'): accept only swapped letters there ('lgos').
  if (known.length <= 5 && (typed.length !== known.length || !sameLetters(typed, known))) return 0;
  // A typo leaves the word's start or end alone (cheap, and most pairs stop here).
  const tl = typed.length - 1,
    kl = known.length - 1;
  if (
    typed.charCodeAt(0) !== known.charCodeAt(0) &&
    typed.charCodeAt(tl) !== known.charCodeAt(kl) &&
    typed.charCodeAt(tl - 1) !== known.charCodeAt(kl - 1)
  )
    return 0;
  // Compare unstemmed forms: a typo can break the stemmer ('stauts').
  if (allowed === 1) return withinOneEdit(typed, known) ? 0.85 : 0;
  return editDistance(typed, known) > allowed ? 0 : 0.85;
}

// One substitution, insertion, deletion or swap of neighbours, in one pass (the common case of typoMatch).
function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  let i = 0;
  while (i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === b.length) return a.length - b.length <= 1;
  if (a.length > b.length) return a.slice(i + 1) === b.slice(i);
  if (a.slice(i + 1) === b.slice(i + 1)) return true;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

// Same length, exactly two neighbouring letters swapped.
function sameLetters(a: string, b: string): boolean {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i >= a.length - 1 || a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  for (let k = i + 2; k < a.length; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
  return true;
}
