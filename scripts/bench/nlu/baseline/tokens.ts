// Text normalisation for intent parsing (pure): lower case, contractions, politeness removed,
// a light stemmer, and typo-tolerant word comparison.

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\b(don'?t|dont)\b/g, 'do not'],
  [/\b(doesn'?t|doesnt)\b/g, 'does not'],
  [/\b(isn'?t|isnt)\b/g, 'is not'],
  [/\b(aren'?t|arent)\b/g, 'are not'],
  [/\b(won'?t|wont)\b/g, 'will not'],
  [/\b(can'?t|cant|cannot)\b/g, 'can not'],
  [/\b(shouldn'?t|shouldnt)\b/g, 'should not'],
  [/\b(what'?s|whats)\b/g, 'what is'],
  [/\b(how'?s|hows)\b/g, 'how is'],
  [/\b(it'?s)\b/g, 'it is'],
  [/\b(i'?m)\b/g, 'i am'],
];

/** Filler that changes nothing about what is asked. */
const FILLER = new Set([
  'please',
  'pls',
  'plz',
  'kindly',
  'thanks',
  'thank',
  'thx',
  'hey',
  'hi',
  'hello',
  'ok',
  'okay',
  'the',
  'a',
  'an',
  'me',
  'my',
  'our',
  'just',
  'quickly',
  'now',
  'for',
  'some',
  'bit',
  'tell',
  'show',
  'give',
  'display',
  'list',
  'check',
  'get',
  'see',
  'let',
  'know',
  'would',
  'could',
  'you',
  'can',
  'mind',
  'go',
  'ahead',
  'and',
  'all',
  'of',
  'container',
  'this',
  'in',
  'on',
  'i',
  'want',
  'like',
  'to',
  'need',
]);

/** Splits a phrase into normalised words (filler kept; callers decide). */
export function words(text: string): string[] {
  let t = text.toLowerCase().replace(/[’`]/g, "'");
  for (const [re, sub] of CONTRACTIONS) t = t.replace(re, sub);
  return t
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Whether a word is politeness or glue. */
export function isFiller(word: string): boolean {
  return FILLER.has(word);
}

/** Light stemmer: plural and -ing forms fold onto the base word for comparison. */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('es') && /(ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** Damerau-Levenshtein (optimal string alignment) distance. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
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

/** 1 for the same word, a lower score for a likely typo, 0 otherwise. */
export function wordMatch(typed: string, known: string): number {
  if (typed === known || stem(typed) === stem(known)) return 1;
  // Short words get no typo tolerance: 'cpu'/'cup', 'log'/'lot' are different words.
  if (known.length < 4 || typed.length < 3) return 0;
  const allowed = known.length >= 7 ? 2 : 1;
  // Compare unstemmed forms: a typo can break the stemmer ('stauts').
  if (editDistance(typed, known) > allowed) return 0;
  // In four-letter words one changed letter is usually another word ('kick'/'sick', 'disk'/'desk'):
  // accept only swapped letters there ('lgos').
  if (known.length === 4 && [...typed].sort().join('') !== [...known].sort().join('')) return 0;
  return 0.85;
}
