// run-recipe: a recipe named outright ("run the clear-cache recipe") or by one of its phrases
// ("flush the cache", "how many connections"). An inspect recipe answers any mood but a negation;
// an acting one needs an order.
import { INTENT_NAMES, INTENT_RISK, type IntentArgs, type IntentName, type ParsedIntent } from '../../protocol';
import { GLUE, RUN_VERBS, VERB_WORDS } from './actions';
import { absentProduct, findService, isServiceWord, type ParseContext } from './extract-args';
import { parseInspect } from './parse-inspect';
import { parseOptimize } from './parse-optimize';
import type { Reading } from './reading';
import { findNamedRecipe, findRecipeByPhrase, type RecipeHit } from './recipe-match';
import { byMood, result, unknown } from './results';
import { moodAt } from './structure';

/** "run the clear-cache recipe", "execute diagnose slow", "how does the optimize-memory recipe work". */
export function parseNamedRecipe(r: Reading, ctx: ParseContext): ParsedIntent | null {
  const { tokens } = r;
  const hit = findNamedRecipe(tokens, ctx);
  // "do the restart-workers thing": a name typed as one word, hyphen and all, names the recipe
  // outright, as 'recipe' does, and any run verb ('do' too) runs it.
  const asName = hit !== null && typedAsName(r.raw, hit.recipe.name);
  const said = tokens.includes('recipe') || asName;
  const runAt = tokens.findIndex(
    (w, i) =>
      RUN_VERBS.includes(w) &&
      (w !== 'do' || (asName && i < hit.at && tokens.slice(i + 1, hit.at).every((x) => DETERMINERS.has(x)))) &&
      (!VERB_WORDS.has(w) || (hit !== null && i < hit.at)),
  );
  if (!hit) {
    // "please don't run any recipe": nothing to do.
    if (runAt > 0 && tokens.slice(0, runAt).includes('not')) return unknown(0.2);
    // "run vacuum on postgres": a recipe's phrase after the run verb, ordered by it.
    const phrase = runAt === 0 ? findRecipeByPhrase(tokens, ctx) : null;
    if (phrase && phrase.at === 1) return recipeResult(r, phrase, ctx, runAt);
    // "run tests", "execute the migration script": running something that is no recipe here.
    return runAt === 0 && !parseInspect(r, ctx, ['diagnose']) && !parseOptimize(r, ctx) ? unknown(0.2) : null;
  }
  const verbAt = runAt >= 0 && runAt < hit.at ? runAt : -1;
  // A recipe named like an intent ('optimize-memory') is that intent, 'recipe' said or not ("run the
  // optimize-memory recipe" asks for the intent, with the run verb's mood).
  if ((INTENT_NAMES as string[]).includes(hit.recipe.name)) {
    const intent = hit.recipe.name as IntentName;
    return verbAt >= 0 && INTENT_RISK[intent] !== 'inspect' ? byMood(moodAt(r, verbAt), intent, {}) : null;
  }
  if (!said && verbAt < 0) return null;
  const recipeAt = tokens.indexOf('recipe');
  return recipeResult(r, hit, ctx, verbAt >= 0 ? verbAt : recipeAt >= 0 && recipeAt < hit.at ? recipeAt : hit.at);
}

/** Words between 'do' and a recipe's name ("do the restart-workers thing"). */
const DETERMINERS = new Set(['the', 'a', 'that', 'this']);

// Whether a recipe's name of several words is typed as one ('restart-workers', 'restart_workers').
function typedAsName(raw: string, name: string): boolean {
  const parts = name.toLowerCase().split(/[-_\s]+/);
  if (parts.length < 2) return false;
  const text = raw.toLowerCase();
  return ['-', '_'].some((j) => {
    const at = text.indexOf(parts.join(j));
    return at >= 0 && !/[a-z0-9]/.test(text[at - 1] ?? '') && !/[a-z0-9]/.test(text[at + name.length] ?? '');
  });
}

function recipeResult(r: Reading, hit: RecipeHit, ctx: ParseContext, at: number): ParsedIntent {
  const { tokens } = r;
  // The words of a recipe's name ('clear-cache') name the recipe, not a service.
  const service =
    findService(hit.explicit ? [...tokens.slice(0, hit.at), ...tokens.slice(hit.end).map(() => '')] : tokens, ctx) ??
    (hit.explicit ? findService(tokens.slice(hit.end), ctx) : null);
  const args: IntentArgs = { recipe: hit.recipe.name, ...(service ? { service: service.name } : {}) };
  const mood = moodAt(r, at);
  if (hit.recipe.risk === 'inspect' && (mood === 'order' || mood === 'question' || mood === 'mention'))
    return result('run-recipe', args, 0.9, 'inspect');
  return byMood(mood, 'run-recipe', args, hit.recipe.risk);
}

/** "clear the cache", "how many connections", "vacuum the database": a recipe by its own phrases. */
export function parseRecipePhrase(r: Reading, ctx: ParseContext): ParsedIntent | null {
  const { tokens } = r;
  const hit = findRecipeByPhrase(tokens, ctx);
  if (!hit) return null;
  // "flush the memcached cache": the phrase's action on a server this container does not run.
  const elsewhere = hit.recipe.risk !== 'inspect' ? absentProduct(tokens, ctx) : undefined;
  if (elsewhere) return { ...unknown(0.2), unknownTarget: elsewhere };
  // "vacuum the living room": the phrase's verb on something the CI does not have (in its own
  // clause: "flush the cache pls, stale data everywhere" says why).
  let clauseEnd = hit.end;
  while (clauseEnd < tokens.length && r.clauseStart[clauseEnd] === r.clauseStart[hit.end - 1]) clauseEnd++;
  const next = tokens
    .slice(hit.end, clauseEnd)
    .find((w) => !GLUE.has(w) && !['and', 'analyze', 'database', 'db', 'tables'].includes(w));
  if (next && !isServiceWord(next, ctx) && hit.recipe.risk !== 'inspect' && !/^\d+$/.test(next)) return unknown(0.2);
  return recipeResult(r, hit, ctx, hit.at);
}
