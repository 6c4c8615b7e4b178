// restart / stop / start a service: a control verb (or its noun, or a participle after want/need)
// in an order whose object is a service the CI runs.
import type { ParsedIntent } from '../../protocol';
import { CONTROL_NOUNS, CONTROL_PARTICIPLES, CONTROL_VERBS, GLUE, MEMORY_NOUNS, PRONOUNS, VERB_WORDS } from './actions';
import { findService, isServiceWord, type ParseContext, type RecipeRef } from './extract-args';
import { isSpeakersOwn } from './aside';
import { parseInspect } from './parse-inspect';
import type { Reading } from './reading';
import { findRecipeByPhrase } from './recipe-match';
import { result, unknown } from './results';
import { hasSeq, MODALS, moodAt, orderStart, type Mood } from './structure';
import { knownWords, stem } from './tokens';

/** Words that may close a telegraphic order ("redis restart please"); "web start time" asks a time. */
const POLITE_END = new Set(['please', 'pls', 'plz', 'now', 'thanks', 'asap', 'again']);
/** Verbs that make an order of a control noun without an article (said so by speakers of other languages). */
const NOUN_HEADS = new Set(['do', 'make', 'perform']);
/** Words before a noun ('the restart', 'its shutdown'); not 'last' ("when did the worker last start"). */
const NOUN_DETERMINERS = new Set(['the', 'this', 'that', 'its', 'our', 'your', 'my', 'his', 'her', 'their']);
/** Words that refer back to a service named before ("redis is stuck, restart it"). */
const REFERRING = new Set(['it', 'them', 'this', 'that']);

/** The control intent of an order, a negated one, an inspect question about it, or null. */
export function parseControl(r: Reading, ctx: ParseContext): ParsedIntent | null {
  const { tokens } = r;
  const found = findControl(r, ctx);
  if (!found) return null;
  const { intent, at, objectFrom } = found;
  const objectTo = found.objectTo ?? tokens.length;
  const object = tokens.slice(0, objectTo);
  // "stop my laptop's web server": a service word in the speaker's own world is none of the CI's.
  const clause = object.slice(objectFrom).filter((_, k) => r.clauseStart[objectFrom + k] === r.clauseStart[at]);
  let service = isSpeakersOwn(clause) ? null : findService(object, ctx, objectFrom);
  const after = object.slice(objectFrom).filter((w) => !GLUE.has(w) || PRONOUNS.has(w));
  let mood = found.mood ?? moodAt(r, at);
  // "the worker is stuck, restart it", "site hangs again. pls reboot it": 'it' is the one service
  // named before the order; not the speaker's own thing ("my home server is acting up, reboot it").
  const referring = !service && after.length > 0 && after.every((w) => REFERRING.has(w));
  const before = tokens.slice(0, orderStart(r, at));
  if (referring && !isSpeakersOwn(before)) service = findService(before, ctx);
  // "redis restart please", "worker: stop": a service and the verb, nothing else, is an order.
  if (mood === 'mention' && !found.mood) {
    const head = tokens.slice(r.clauseStart[at] ?? 0, at).filter((w) => !GLUE.has(w));
    const named = findService(head, ctx);
    const rest = tokens.slice(at + 1);
    if (named && head.every((w) => isServiceWord(w, ctx)) && rest.every((w) => POLITE_END.has(w))) {
      mood = 'order';
      service = named;
    }
  }
  // "restart my laptop", "stop the music", "turn off the lights": an object the CI does not run.
  const foreign = !service && after.some((w) => !isServiceWord(w, ctx) && !['nothing', 'anything', 'yet'].includes(w));
  if (mood === 'negated') return result(intent, service ? { service: service.name } : {}, 0.9, 'control', true);
  if (mood === 'order' && foreign) {
    const target = after.find(
      (w) => !PRONOUNS.has(w) && !['nothing', 'anything', 'yet', 'my', 'our', 'your'].includes(w),
    );
    return { ...unknown(0.2), ...(target ? { unknownTarget: target } : {}) };
  }
  if (mood === 'order') {
    const recipe = recipeAskedFor(r, ctx);
    if (recipe)
      return result(
        'run-recipe',
        { recipe: recipe.name, ...(service ? { service: service.name } : {}) },
        0.9,
        recipe.risk,
      );
    return result(intent, service ? { service: service.name } : {}, service ? 0.95 : 0.7);
  }
  // A question or a report about an action may still be a question the CI answers: why it happened,
  // since when. Not a hypothetical, an order for later, or "why would I restart it" (whether to act).
  if (mood === 'hypothetical' || mood === 'scheduled' || whetherToAct(tokens)) return unknown(0.3, mood);
  const inspect = parseInspect(r, ctx, ['diagnose', 'uptime']);
  return inspect ?? unknown(0.3, mood);
}

// "recycle the celery workers and show mem before and after": the action of a recipe's phrase, plus
// at least two more words of what that recipe does (its description), asks for the recipe.
function recipeAskedFor(r: Reading, ctx: ParseContext): RecipeRef | null {
  const hit = findRecipeByPhrase(r.tokens, ctx);
  if (!hit || hit.recipe.risk === 'inspect' || !hit.recipe.description) return null;
  const described = new Set(knownWords(hit.recipe.description).map(stem));
  const extra = new Set(
    r.tokens
      .slice(hit.end)
      .map((w) => (MEMORY_NOUNS.includes(w) ? 'memory' : w))
      .filter((w) => !GLUE.has(w) && !isServiceWord(w, ctx) && described.has(stem(w))),
  );
  return extra.size >= 2 ? hit.recipe : null;
}

// "why would I restart redis", "why should we stop it": asking whether to act, not why it happened.
function whetherToAct(tokens: string[]): boolean {
  return (
    tokens[0] === 'why' &&
    ['would', 'should', 'must', 'do', 'shall'].includes(tokens[1] ?? '') &&
    ['i', 'we', 'you'].includes(tokens[2] ?? '')
  );
}

interface ControlHit {
  intent: 'restart' | 'stop' | 'start';
  /** The verb (or the word that orders it). */
  at: number;
  /** Where the verb's object starts, and ends when it does not run to the end ('give it a kick'). */
  objectFrom: number;
  objectTo?: number;
  mood?: Mood;
}

function findControl(r: Reading, ctx: ParseContext): ControlHit | null {
  const { tokens } = r;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const noun = CONTROL_NOUNS[t];
    // "can you make restart of worker", "do restart of the api": the noun with no article, its object after.
    if (
      noun &&
      NOUN_HEADS.has(tokens[i - 1] ?? '') &&
      (tokens[i + 1] === 'of' || isServiceWord(tokens[i + 1] ?? '', ctx))
    )
      return { intent: noun, at: i - 1, objectFrom: i + 1 };
    // "a restart would fix it", "a restart might help": a modal after the noun talks about it.
    if (noun && (tokens[i - 1] === 'a' || tokens[i - 1] === 'another') && !MODALS.has(tokens[i + 1] ?? '')) {
      const head = tokens.findIndex((w) => w === 'give' || w === 'do' || w === 'needs' || w === 'need');
      if (head >= 0 && head < i) {
        // "give redis a kick": the object is between; "do a restart of postgres": right before the
        // noun, the object after it ("do you reckon a restart ..." is no 'do' of an order).
        if (tokens[head] === 'give') return { intent: noun, at: head, objectFrom: head + 1, objectTo: i - 1 };
        if (tokens[head] === 'do' && head === i - 2) return { intent: noun, at: head, objectFrom: i + 1 };
        if (tokens[head] === 'do') continue;
        const orders = hasSeq(tokens, ['do', 'it']) || hasSeq(tokens, ['go', 'ahead']);
        return { intent: noun, at: 0, objectFrom: 0, mood: orders && !tokens.includes('not') ? 'order' : 'mention' };
      }
    }
    // "after the restart redis looks fine", "what does the restart command do": after a determiner the
    // word is a noun, talked about; an order only by "do the restart (of X)".
    if (NOUN_DETERMINERS.has(tokens[i - 1] ?? '') && VERB_WORDS.has(t)) {
      if (noun && tokens[i - 2] === 'do' && tokens[i - 1] === 'the')
        return { intent: noun, at: i - 2, objectFrom: i + 1 };
      const intent = noun ?? CONTROL_VERBS.find((c) => c.verb === t && !c.particle)?.intent;
      if (intent) return { intent, at: i, objectFrom: i + 1, mood: 'mention' };
      continue;
    }
    // "stop asking me to restart redis", "stop spamming the channel": stopping a doing, not a service.
    if (t === 'stop' && /ing$/.test(tokens[i + 1] ?? '') && !GLUE.has(tokens[i + 1]!)) continue;
    // A known verb is only itself ('start' is no typo of 'restart'); a typo was corrected before.
    const typed = r.typed[i]!;
    for (const cv of VERB_WORDS.has(t) ? CONTROL_VERBS : []) {
      if (cv.verb !== t || (typed !== t && isInflected(typed, cv.verb))) continue;
      if (cv.unless && cv.unless.some((u) => tokens.includes(u))) continue;
      if (cv.particle) {
        const p = tokens.slice(i + 1, i + 6).findIndex((w) => cv.particle!.includes(w));
        if (p < 0) continue;
        // The particle right after the verb is part of it ('shut down X'); later, it closes the object ('shut X down').
        return { intent: cv.intent, at: i, objectFrom: p === 0 ? i + 2 : i + 1 };
      }
      return { intent: cv.intent, at: i, objectFrom: i + 1 };
    }
    // "I want the worker stopped", "I need postgres started".
    const participle = CONTROL_PARTICIPLES[t];
    if (participle && findService(tokens.slice(0, i), ctx)) {
      const want = tokens.findIndex((w) => w === 'want' || w === 'need');
      if (
        want >= 0 &&
        want < i &&
        tokens.slice(0, want).every((w) => ['i', 'we', 'please', 'do', 'not', 'really'].includes(w))
      ) {
        return {
          intent: participle,
          at: 0,
          objectFrom: want + 1,
          mood: tokens.slice(0, want).includes('not') ? 'negated' : 'order',
        };
      }
    }
  }
  return null;
}

// 'restarted', 'restarts', 'restarting' are reports or descriptions; only 'restart' orders.
function isInflected(typed: string, verb: string): boolean {
  if (typed === verb) return false;
  return (
    [/ed$/, /ing$/, /s$/].some((re) => re.test(typed)) &&
    (stem(typed) === stem(verb) || typed.startsWith(verb.slice(0, -1)))
  );
}
