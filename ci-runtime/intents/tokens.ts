// The one tokeniser of the CI (chat, parse, recipe phrases, service/peer names): lower case,
// contractions expanded, punctuation dropped, hyphens and underscores split ('clear-cache' and
// 'clear cache' are the same words). Plus a light stemmer and an edit distance. Typos: spelling.ts. Pure.

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

// Chat spellings of common words ("gimme the logs", "r u ok"): one pass, one table.
const SLANG: Record<string, string> = {
  gimme: 'give me',
  lemme: 'let me',
  wanna: 'want to',
  gonna: 'going to',
  gotta: 'got to',
  dunno: 'do not know',
  u: 'you',
  ur: 'your',
  r: 'are',
  thx: 'thanks',
  ty: 'thank you',
  cuz: 'because',
  coz: 'because',
  abt: 'about',
  rn: 'right now',
  atm: 'at the moment',
  asap: 'now',
  wtf: 'what the',
};
// "what time did the worker start" asks when.
const WHAT_TIME = /\bwhat time\b/g;
const SLANG_WORDS = new RegExp(`\\b(${Object.keys(SLANG).join('|')})\\b`, 'g');

/**
 * Words the parser reads; the rest of a long message is ignored. A question to the CI fits in far
 * fewer, and the bound keeps a 4 KB message from holding the event loop (bench:nlu).
 */
export const MAX_TOKENS = 48;

/** Splits a phrase into normalised words (filler kept; callers decide). */
export function words(text: string): string[] {
  return split(normalise(text));
}

/** One clause of a message: where its words start and end, and its text with the mark that closed it. */
export interface Clause {
  start: number;
  end: number;
  /** The clause as normalised, with its closing punctuation ('is it healthy now?'). */
  text: string;
}

/** Words of a phrase, each with the index of the first word of its clause (split at , ; ! ? and a closing . or :). */
export function clauseWords(text: string): { tokens: string[]; clauseStart: number[]; clauses: Clause[] } {
  const tokens: string[] = [];
  const clauseStart: number[] = [];
  const clauses: Clause[] = [];
  // split() with a capturing group keeps each closing mark after its clause.
  const parts = normalise(text).split(CLAUSE_MARK);
  for (let p = 0; p < parts.length; p += 2) {
    const part = parts[p]!;
    const mark = parts[p + 1] ?? '';
    const start = tokens.length;
    for (const w of split(part)) {
      if (tokens.length >= MAX_TOKENS) break;
      tokens.push(w);
      clauseStart.push(start);
    }
    const last = clauses[clauses.length - 1];
    // A clause with no words ('🚩', '?!') only adds its marks to the one before.
    if (tokens.length === start) {
      if (last) last.text += part + mark;
      continue;
    }
    clauses.push({ start, end: tokens.length, text: part + mark });
  }
  return { tokens, clauseStart, clauses };
}

// 'localhost:8000' and '1.5' keep their ':' and '.'; a dash between spaces ends a clause too, and
// so does a parenthesis ("restart the wed app (sorry phone)": the aside is a clause of its own).
const CLAUSE_MARK = /([,;!?()]+|[.:](?=\s|$)|\s[-\u2013\u2014]+\s)/;

function normalise(text: string): string {
  let t = text
    .slice(0, 8192)
    .toLowerCase()
    .replace(/[\u2019\u2018`\u00b4]/g, "'");
  for (const [re, sub] of NOT_CONTRACTIONS) t = t.replace(re, sub);
  t = t.replace(BARE_NOT, '$1 not');
  // "at 94%": an amount, not a time of day (schedule.ts reads "at 9" as one).
  t = t.replace(/(\d)\s*%/g, '$1 percent');
  for (const [re, sub] of APOSTROPHE_S) t = t.replace(re, sub);
  return t.replace(SLANG_WORDS, (w) => SLANG[w]!).replace(WHAT_TIME, 'when');
}

function split(t: string): string[] {
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
