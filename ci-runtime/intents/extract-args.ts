// Finds what a phrase refers to (pure): which service (by name, label or kind word), how many
// lines, which peer CI, which recipe. Everything is matched on the one tokeniser's words, typos
// already corrected (reading.ts): a word matches exactly or by its stem.
import type { Risk } from '../../protocol';
import { VERB_CLASSES } from './actions';
import { knownWords as words, stem } from './tokens';

/** A recipe as the parser sees it: its name, risk, phrases and parameter names. */
export interface RecipeRef {
  name: string;
  risk: Risk;
  phrases: string[];
  params: string[];
}

/** What the parser may refer to: the container's services, peer CIs and recipes. */
export interface ParseContext {
  services: Array<{ name: string; label: string; kind: string }>;
  peers: string[];
  recipes: RecipeRef[];
}

/** A context naming nothing (pure parsing, tests). */
export const EMPTY_CONTEXT: ParseContext = { services: [], peers: [], recipes: [] };

/** Words people use for a kind of service (singular; a worker's plural is its processes). */
export const KIND_WORDS: Record<string, string[]> = {
  web: [
    'web',
    'api',
    'app',
    'server',
    'website',
    'site',
    'backend',
    'frontend',
    'http',
    'webapp',
    'webserver',
    'uvicorn',
    'gunicorn',
    'hypercorn',
    'django',
    'flask',
  ],
  worker: ['worker', 'queue', 'celery', 'jobs', 'job', 'tasks', 'task'],
  scheduler: ['scheduler', 'beat'],
  redis: ['redis', 'cache', 'broker'],
  postgres: ['postgres', 'postgresql', 'database', 'db', 'pg'],
  mysql: ['mysql', 'mariadb', 'database', 'db'],
  memcached: ['memcached', 'cache'],
  rabbitmq: ['rabbitmq', 'rabbit', 'broker'],
  nginx: ['nginx', 'proxy'],
};

/** A service named in a phrase, and where. */
export interface ServiceHit {
  name: string;
  at: number;
}

/**
 * The one service a phrase names from token `from` on, by name, label or kind word; null when none,
 * and also when several are named ("restart redis and celery": the parser does not guess).
 */
export function findService(tokens: string[], ctx: ParseContext, from = 0): ServiceHit | null {
  let best: { name: string; score: number; at: number } | null = null;
  let tie = false;
  for (const s of ctx.services) {
    const exact = [words(s.name), words(s.label)];
    const kinds = KIND_WORDS[s.kind] ?? [];
    let score = 0;
    let at = -1;
    for (let i = from; i < tokens.length; i++) {
      const t = tokens[i]!;
      for (const seq of exact) {
        if (
          seq.length &&
          seq.every((w, k) => tokens[i + k] !== undefined && nameMatch(tokens[i + k]!, w)) &&
          score < 1
        ) {
          score = 1;
          at = i;
        }
      }
      for (const k of kinds) {
        if ((t === k || (s.kind === 'worker' && stem(t) === k)) && 0.8 > score) {
          score = 0.8;
          at = i;
        }
      }
    }
    if (score <= 0) continue;
    if (!best || score > best.score) {
      best = { name: s.name, score, at };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  return best && !tie ? { name: best.name, at: best.at } : null;
}

function nameMatch(typed: string, name: string): boolean {
  return typed === name || (name.length >= 4 && stem(typed) === name && name !== 'web');
}

/** Whether a token names any service (by name, label or kind word). */
export function isServiceWord(token: string, ctx: ParseContext): boolean {
  return ctx.services.some((s) =>
    [...words(s.name), ...words(s.label), ...(KIND_WORDS[s.kind] ?? [])].some((w) => w === token || stem(token) === w),
  );
}

/** "last 50 lines", "50 lines", "tail 20" → the number. */
export function findLines(tokens: string[]): number | undefined {
  const text = tokens.join(' ');
  const m =
    /\b(?:last|latest|tail|recent|final|first)\s+(\d{1,6})\b/.exec(text) ??
    /\b(\d{1,6})\s+(?:\w+\s+)?(?:lines?|entries|rows)\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}

// A word of a recipe's name or phrase at token i: the same word or a form of it.
function recipeWordMatch(tokens: string[], i: number, word: string): boolean {
  const t = tokens[i];
  if (t === word) return true;
  if (t === undefined) return false;
  if (t.charCodeAt(0) === word.charCodeAt(0) && stemsOf(tokens)[i] === stemOf(word)) return true;
  const kin = VERB_KIN.get(word);
  return kin !== undefined && kin === VERB_KIN.get(t);
}

// Each verb of a class → its class's first verb ('nuke' → 'clear').
const VERB_KIN = new Map(VERB_CLASSES.flatMap((c) => c.map((v) => [v, c[0]!] as const)));

const tokenStems = new WeakMap<string[], string[]>();
// The stems of a phrase's words, once per phrase (the recipe matchers ask for them word by word).
function stemsOf(tokens: string[]): string[] {
  let s = tokenStems.get(tokens);
  if (!s) {
    s = tokens.map(stem);
    tokenStems.set(tokens, s);
  }
  return s;
}

const stems = new Map<string, string>();
// Stems of catalogue words, kept: they are few, and asked for in every parse.
function stemOf(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size > 5000) stems.clear();
    s = stem(word);
    stems.set(word, s);
  }
  return s;
}

/** A recipe named by its name ('clear-cache', 'the vacuum recipe'), and where. */
export interface RecipeHit {
  recipe: RecipeRef;
  at: number;
  end: number;
  explicit: boolean;
  /** How many content words of a phrase matched (a phrase hit). */
  size?: number;
}

/** A recipe named outright: its full name, or a part of its name next to the word 'recipe'. */
export function findNamedRecipe(tokens: string[], ctx: ParseContext): RecipeHit | null {
  const recipeWord = tokens.indexOf('recipe');
  let best: RecipeHit | null = null;
  for (const r of ctx.recipes) {
    const name = words(r.name);
    for (let i = 0; i + name.length <= tokens.length; i++) {
      if (name.every((w, k) => recipeWordMatch(tokens, i + k, w)) && (!best || name.length > best.end - best.at))
        best = { recipe: r, at: i, end: i + name.length, explicit: true };
    }
    // "the vacuum recipe", "recipe called tail logs": a word of the name beside 'recipe'.
    if (!best && recipeWord >= 0) {
      const near = [recipeWord - 1, recipeWord + 1, recipeWord + 2].filter((i) => i >= 0 && i < tokens.length);
      if (name.some((w) => w.length > 3 && near.some((i) => recipeWordMatch(tokens, i, w))))
        best = { recipe: r, at: recipeWord, end: recipeWord + 1, explicit: true };
    }
  }
  return best;
}

const PHRASE_GLUE = new Set(['the', 'a', 'an', 'is', 'it', 'of', 'up', 'how', 'many', 'much']);

/** A recipe one of whose phrases the message says (every content word of it, in any order). */
export function findRecipeByPhrase(tokens: string[], ctx: ParseContext): RecipeHit | null {
  let best: { hit: RecipeHit; size: number } | null = null;
  for (const r of ctx.recipes) {
    for (const phrase of r.phrases) {
      const need = words(phrase).filter((w) => !PHRASE_GLUE.has(w));
      if (!need.length) continue;
      const at = need.map((w) => tokens.findIndex((_, i) => recipeWordMatch(tokens, i, w)));
      if (at.some((i) => i < 0)) continue;
      const size = need.length;
      if (!best || size > best.size)
        best = { hit: { recipe: r, at: Math.min(...at), end: Math.max(...at) + 1, explicit: false, size }, size };
    }
  }
  return best?.hit ?? null;
}
