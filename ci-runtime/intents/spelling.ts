// Typo correction against a closed vocabulary (pure). A word the vocabulary knows, or whose stem it
// knows ('restarted'), is never changed; an unknown word becomes the one vocabulary word it is a
// typo of, or stays as it is. Typos are the shapes people make on a keyboard: two neighbouring
// letters swapped ('stauts'), a letter missed or doubled ('proceses'), a key next to the right one
// ('lofs'), the vowels left out ('rstrt'), a word cut short ('procs', 'conns'). Words that are
// guarded (the control verbs) take only the shapes that no everyday word has: a swap, a vowel-less
// skeleton, a letter missed from a long verb. So 'lunch' never becomes 'launch' nor 'shop' 'stop'.
import { stem } from './tokens';

const VOWELS = /[aeiouy]/;
// Rows of a QWERTY keyboard: a substitution by a neighbouring key is a likely slip of the finger.
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function neighbours(a: string, b: string): boolean {
  for (let r = 0; r < ROWS.length; r++) {
    const i = ROWS[r]!.indexOf(a);
    if (i < 0) continue;
    for (let s = Math.max(0, r - 1); s <= Math.min(ROWS.length - 1, r + 1); s++) {
      const j = ROWS[s]!.indexOf(b);
      // Same row: the keys beside; the rows above and below are offset by about half a key.
      if (j >= 0 && (s === r ? Math.abs(i - j) === 1 : j - i >= (s < r ? 0 : -1) && j - i <= (s < r ? 1 : 0)))
        return true;
    }
  }
  return false;
}

/** The consonants of a word, in order ('restart' → 'rstrt'). */
export function skeleton(word: string): string {
  return word.replace(/[aeiouy]/g, '');
}

/** How `typed` differs from `known` when they are one keystroke apart; null otherwise. */
type Shape =
  | 'swap'
  /** A doubled letter typed once ('kil', 'vacum'). */
  | 'missedDouble'
  /** A vowel or an 'h' left out ('changd', 'wat'): the letters people drop most. */
  | 'missedSoft'
  | 'missed'
  /** A letter typed twice ('memmory'). */
  | 'doubled'
  | 'extra'
  | 'neighbour'
  /** A letter for one that sounds the same ('asc' for 'ask', 'disc' for 'disk'). */
  | 'soundsAlike'
  /** The double on the letter beside ('vaccum' for 'vacuum'). */
  | 'movedDouble'
  | 'other';
const isVowel = (c: string) => 'aeiouy'.includes(c);
/** Letters typed for each other because they sound the same (phones guess them from the sound). */
const SOUNDS_ALIKE = new Set(['ck', 'kc']);

/** How likely each shape is, as a cost: the cheapest candidate wins, a tie is not guessed. */
const COST: Record<Shape, number> = {
  swap: 1,
  missedDouble: 1,
  doubled: 1,
  missedSoft: 1.2,
  neighbour: 1.2,
  soundsAlike: 1.2,
  movedDouble: 1,
  missed: 1.5,
  extra: 1.5,
  other: 1.5,
};

function shapeOf(typed: string, known: string): Shape | null {
  const n = typed.length,
    m = known.length;
  let i = 0;
  while (i < n && i < m && typed.charCodeAt(i) === known.charCodeAt(i)) i++;
  if (n === m) {
    if (i >= n) return null;
    // One vowel for another makes another word too often ('disk'/'dusk', 'logs'/'legs'): not a neighbour slip.
    if (typed.slice(i + 1) === known.slice(i + 1)) {
      const t = typed[i]!,
        k = known[i]!;
      if ((t === typed[i - 1] && k === known[i + 1]) || (t === typed[i + 1] && k === known[i - 1]))
        return 'movedDouble';
      if (SOUNDS_ALIKE.has(t + k)) return 'soundsAlike';
      return neighbours(t, k) && !(isVowel(t) && isVowel(k)) ? 'neighbour' : 'other';
    }
    if (typed[i] === known[i + 1] && typed[i + 1] === known[i] && typed.slice(i + 2) === known.slice(i + 2))
      return 'swap';
    return null;
  }
  if (n === m - 1) {
    if (typed.slice(i) !== known.slice(i + 1)) return null;
    const left = known[i]!;
    if (left === known[i - 1] || left === known[i + 1]) return 'missedDouble';
    return isVowel(left) || left === 'h' ? 'missedSoft' : 'missed';
  }
  if (n === m + 1 && typed.slice(i + 1) === known.slice(i))
    return typed[i] === typed[i - 1] || typed[i] === typed[i + 1] ? 'doubled' : 'extra';
  return null;
}

// Whether a one-keystroke shape is a believable typo of `known`. A guarded word (an action verb)
// takes only shapes no everyday word has: a swap, a doubled letter, and in words of seven letters
// or more a missed, extra or neighbouring letter ('lunch' is one letter from 'launch').
function acceptable(shape: Shape, typed: string, known: string, guarded: boolean): boolean {
  // Short words are other words after almost any change ('cpu'/'cup' stays allowed only by a swap
  // that keeps the first letter, 'rma' → 'ram').
  if (typed.charCodeAt(0) !== known.charCodeAt(0)) return false;
  const long = known.length >= 7;
  switch (shape) {
    case 'swap':
      return known.length >= 3;
    case 'missedDouble':
    case 'doubled':
      return known.length >= 4;
    case 'movedDouble':
      return known.length >= 5;
    case 'soundsAlike':
      return !guarded && known.length >= 3;
    case 'missedSoft':
    case 'missed':
      return guarded ? long : known.length >= 4;
    case 'extra':
      return guarded ? long : known.length >= 5;
    case 'neighbour':
      return guarded ? long : known.length >= 4;
    case 'other':
      return !guarded && known.length >= 6;
  }
}

/** A vocabulary to correct against: every word, and which of them are guarded. */
export class Speller {
  private readonly known = new Set<string>();
  private readonly knownStems = new Set<string>();
  private readonly guarded: Set<string>;
  /**
   * Words by first letter and length ('r7': 'restart', 'replica'): every typo shape keeps the first
   * letter and the length within one, so a word is compared with a handful of others. (An index of
   * every word's deletions answers faster but costs the CI half a megabyte.)
   */
  private readonly buckets = new Map<string, string[]>();
  /** Sorted, for words cut short (binary search on the prefix). */
  private readonly sorted: string[];

  constructor(words: Iterable<string>, guarded: Iterable<string> = []) {
    this.guarded = new Set(guarded);
    for (const w of words) {
      if (!w || this.known.has(w)) continue;
      this.known.add(w);
      this.knownStems.add(stem(w));
      push(this.buckets, w[0]! + w.length, w);
    }
    this.sorted = [...this.known].filter((w) => !this.guarded.has(w)).sort();
  }

  /** Whether the word, or its stem, is in the vocabulary. */
  knows(word: string): boolean {
    return this.known.has(word) || this.knownStems.has(stem(word));
  }

  /** The vocabulary word `typed` is a typo of; null when it is known, unknown or ambiguous. */
  correct(typed: string): string | null {
    if (typed.length < 3 || typed.length > 24 || this.knows(typed) || /\d/.test(typed)) return null;
    let best = Infinity;
    let accepted: string[] = [];
    for (let len = typed.length - 1; len <= typed.length + 1; len++)
      for (const k of this.buckets.get(typed[0]! + len) ?? []) {
        const shape = shapeOf(typed, k);
        if (shape === null || !acceptable(shape, typed, k, this.guarded.has(k))) continue;
        if (COST[shape] < best) {
          best = COST[shape];
          accepted = [k];
        } else if (COST[shape] === best) accepted.push(k);
      }
    if (accepted.length) return pick(accepted, this.guarded);
    if (!VOWELS.test(typed)) return pick(this.skeletonOf(typed), new Set());
    return this.clipped(typed) ?? this.twoEdits(typed);
  }

  // 'rstrt' → 'restart': the words whose consonants, in order, are the typed word.
  private skeletonOf(typed: string): string[] {
    const out: string[] = [];
    for (let len = typed.length + 1; len <= typed.length + 6; len++)
      for (const k of this.buckets.get(typed[0]! + len) ?? []) if (k.length >= 4 && skeleton(k) === typed) out.push(k);
    return out;
  }

  // 'procs' → 'processes', 'conns' → 'connections': a word cut after a consonant, at least four
  // letters kept; the shortest word it starts, a plural for a plural.
  private clipped(typed: string): string | null {
    const plural = typed.endsWith('s');
    const clip = plural ? typed.slice(0, -1) : typed;
    if (clip.length < 4 || VOWELS.test(clip[clip.length - 1]!)) return null;
    let lo = 0,
      hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < clip) lo = mid + 1;
      else hi = mid;
    }
    const found: string[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i]!.startsWith(clip); i++)
      if (this.sorted[i]!.length >= clip.length + 2) found.push(this.sorted[i]!);
    const fit = plural && found.some((w) => w.endsWith('s')) ? found.filter((w) => w.endsWith('s')) : found;
    return fit.sort((a, b) => a.length - b.length)[0] ?? null;
  }

  // Two slips in a long word ('perfromance'): same first letter, distance 2.
  private twoEdits(typed: string): string | null {
    if (typed.length < 7) return null;
    const near: string[] = [];
    for (let len = typed.length - 1; len <= typed.length + 1; len++)
      for (const k of this.buckets.get(typed[0]! + len) ?? [])
        if (k.length >= 8 && !this.guarded.has(k) && distance(typed, k) <= 2) near.push(k);
    return pick(near, new Set());
  }
}

// One candidate, or several that are forms of one word ('process'/'processes': the shortest);
// otherwise nothing: a typo that could be two different words, or a control verb among others, is
// not guessed.
function pick(candidates: string[], guarded: Set<string>): string | null {
  if (candidates.length <= 1) return candidates[0] ?? null;
  if (candidates.some((c) => guarded.has(c))) return null;
  // 'change' and 'changed' stem to 'change' and 'chang': one word.
  const stems = new Set(candidates.map((c) => stem(c).replace(/e$/, '')));
  if (stems.size > 1) return null;
  return [...candidates].sort((a, b) => a.length - b.length)[0]!;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** Optimal string alignment distance (swaps count one), for the few long words that reach it. */
export function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
    }
  return rows[a.length]![b.length]!;
}
