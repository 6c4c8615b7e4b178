// Finds the recipe a phrase names (pure): by its name ('clear-cache', 'the vacuum recipe') or by
// one of its phrases, every content word in any order, a verb standing for its class ('nuke the
// cache' says 'clear the cache'). Words are looked up, once per phrase, never compared one by one.
import { VERB_CLASSES } from './actions';
import type { ParseContext, RecipeRef } from './extract-args';
import { knownWords as words, stem } from './tokens';

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
  const where = wordPlaces(tokens);
  for (const r of ctx.recipes) {
    const name = words(r.name);
    // Most recipes are not named at all: look their words up before scanning for them in a row.
    const named = name.every((w) => placeOf(where, w) >= 0);
    for (let i = 0; named && i + name.length <= tokens.length; i++) {
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
  const memo = phraseHits.get(tokens);
  if (memo && memo.recipes === ctx.recipes) return memo.hit;
  const where = wordPlaces(tokens);
  let best: RecipeHit | null = null;
  for (const { recipe, need } of phrasesOf(ctx.recipes)) {
    if (best && need.length <= best.size!) continue;
    let lo = Infinity,
      hi = -1;
    for (const w of need) {
      const i = placeOf(where, w);
      if (i < 0) {
        hi = -2;
        break;
      }
      lo = Math.min(lo, i);
      hi = Math.max(hi, i);
    }
    if (hi >= 0) best = { recipe, at: lo, end: hi + 1, explicit: false, size: need.length };
  }
  phraseHits.set(tokens, { recipes: ctx.recipes, hit: best });
  return best;
}

const phraseHits = new WeakMap<string[], { recipes: RecipeRef[]; hit: RecipeHit | null }>();
const phraseLists = new WeakMap<RecipeRef[], Array<{ recipe: RecipeRef; need: string[] }>>();

// Every phrase of every recipe with its content words, once per list of recipes.
function phrasesOf(recipes: RecipeRef[]): Array<{ recipe: RecipeRef; need: string[] }> {
  let list = phraseLists.get(recipes);
  if (!list) {
    list = recipes.flatMap((recipe) =>
      recipe.phrases
        .map((p) => ({ recipe, need: words(p).filter((w) => !PHRASE_GLUE.has(w)) }))
        .filter((x) => x.need.length > 0),
    );
    phraseLists.set(recipes, list);
  }
  return list;
}

interface Places {
  word: Map<string, number>;
  stem: Map<string, number>;
  kin: Map<string, number>;
}

// Where each word, stem (with its first letter) and verb class first occurs in a phrase.
function wordPlaces(tokens: string[]): Places {
  let places = placesMemo.get(tokens);
  if (places) return places;
  places = { word: new Map(), stem: new Map(), kin: new Map() };
  placesMemo.set(tokens, places);
  const stems = stemsOf(tokens);
  tokens.forEach((t, i) => {
    if (!places!.word.has(t)) places!.word.set(t, i);
    const key = t[0] + stems[i]!;
    if (!places!.stem.has(key)) places!.stem.set(key, i);
    const kin = VERB_KIN.get(t);
    if (kin !== undefined && !places!.kin.has(kin)) places!.kin.set(kin, i);
  });
  return places;
}

const placesMemo = new WeakMap<string[], Places>();

// The first token recipeWordMatch would accept for `word`, or -1.
function placeOf(places: Places, word: string): number {
  const found = [
    places.word.get(word),
    places.stem.get(word[0] + stemOf(word)),
    places.kin.get(VERB_KIN.get(word) ?? ''),
  ].filter((i): i is number => i !== undefined);
  return found.length ? Math.min(...found) : -1;
}
