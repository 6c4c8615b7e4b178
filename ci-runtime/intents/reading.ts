// A message as the parser reads it, computed once: its words with typos corrected against the
// catalogue (spelling.ts), their stems, where each clause starts, and the words as typed. Every rule
// after this compares words exactly (or by stem): typo tolerance lives in one place.
import type { ParseContext } from './extract-args';
import { type Clause, clauseWords, stem } from './tokens';
import { spellerFor } from './vocabulary';

/** One message, read. */
export interface Reading {
  raw: string;
  /** The words, typos corrected. */
  tokens: string[];
  /** The words as typed. */
  typed: string[];
  stems: string[];
  /** Whether word i was corrected (a typo matches a little less than the word itself). */
  typo: boolean[];
  /** Index of the first word of word i's clause. */
  clauseStart: number[];
  /** The clauses, in order, each with its text and closing mark. */
  clauses: Clause[];
  /** For a request read apart from the statements before it (request-clause.ts): their words. */
  context?: string[];
}

/** Reads a message for a context (the context's names are part of the vocabulary). */
export function read(text: string, ctx: ParseContext): Reading {
  const { tokens: typed, clauseStart, clauses } = clauseWords(text);
  const speller = spellerFor(ctx);
  const tokens: string[] = [];
  const typo: boolean[] = [];
  for (const w of typed) {
    const fixed = speller.correct(w);
    tokens.push(fixed ?? w);
    typo.push(fixed !== null);
  }
  return { raw: text, tokens, typed, stems: tokens.map(stem), typo, clauseStart, clauses };
}

/** A reading of some words (a slice of a message, a recipe phrase): no corrections, one clause. */
export function readWords(tokens: string[], raw = tokens.join(' ')): Reading {
  return {
    raw,
    tokens,
    typed: tokens,
    stems: tokens.map(stem),
    typo: tokens.map(() => false),
    clauseStart: tokens.map(() => 0),
    clauses: [{ start: 0, end: tokens.length, text: raw }],
  };
}

/** Whether word i is `word` or a form of it ('logs'/'log', 'restarting'/'restart'). */
export function isWord(r: Reading, i: number, word: string, wordStem = stem(word)): boolean {
  const t = r.tokens[i];
  return t === word || (t !== undefined && r.stems[i] === wordStem && t.charCodeAt(0) === word.charCodeAt(0));
}
