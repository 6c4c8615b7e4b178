// Natural language → one intent of the catalogue (pure). The message is read once (reading.ts:
// words, typos corrected, clauses); then, in order: a shell command line, a peer question, a request out of scope, a recipe named outright,
// freeing memory, a control verb, the inspect intents by cue, a recipe by its phrases.
// An action (control or destructive) needs an order: its verb in the base form at the head of its
// clause (after politeness), no negation, hypothetical, reported speech or question, and an object
// the CI knows. Anything else is an inspect intent or `unknown`; it never guesses an action.
import type { ParsedIntent } from '../../protocol';
import { CONTROL_VERBS, MEMORY_NOUNS, VERB_WORDS } from './actions';
import { isAside } from './aside';
import { EMPTY_CONTEXT, findService, isServiceWord, type ParseContext } from './extract-args';
import { parseControl } from './parse-control';
import { isCueWord, parseInspect, SERVICE_INTENTS } from './parse-inspect';
import { parseOptimize } from './parse-optimize';
import { parsePeer } from './parse-peer';
import { parseNamedRecipe, parseRecipePhrase } from './parse-recipe';
import { read, type Reading } from './reading';
import { findRecipeByPhrase } from './recipe-match';
import { requestPart } from './request-clause';
import { result, unknown } from './results';
import { parseScope } from './scope';
import { parseShell } from './shell';

export { CONFIDENCE_THRESHOLD } from './parse-inspect';

/** Parses a phrase; `ctx` names the services, peers and recipes it may refer to. */
export function parseIntent(text: string, ctx: ParseContext = EMPTY_CONTEXT): ParsedIntent {
  const r = read(text, ctx);
  if (!r.tokens.length) return /^\s*\?+\s*$/.test(text) ? result('help', {}, 1) : unknown();
  // "redis has been flapping and the alerts won't shut up. can you restart it": the request decides;
  // when it alone says nothing the CI knows, the message is read whole.
  const request = requestPart(r, ctx);
  if (request) {
    const p = parseReading(request, ctx);
    if (p.intent !== 'unknown' || p.confidence > 0) return withContextService(p, r, ctx);
  }
  return parseReading(r, ctx);
}

// An inspect answer about one service: the service the context names, when the request names none
// ("the worker seems slow, can you check the memory").
function withContextService(p: ParsedIntent, r: Reading, ctx: ParseContext): ParsedIntent {
  if (p.risk !== 'inspect' || p.intent === 'unknown' || p.args.service || !SERVICE_INTENTS.has(p.intent)) return p;
  if (p.intent === 'run-recipe') return p;
  const service = findService(r.tokens, ctx);
  return service ? { ...p, args: { ...p.args, service: service.name } } : p;
}

function parseReading(r: Reading, ctx: ParseContext): ParsedIntent {
  return (
    parseShell(r.raw, ctx) ??
    parsePeer(r, ctx) ??
    parseScope(r, ctx) ??
    parseNamedRecipe(r, ctx) ??
    parseOptimize(r, ctx) ??
    parseControl(r, ctx) ??
    deniedAction(r, ctx) ??
    // "would restarting the api help", "restarting redis is what fixed it": talk about an action.
    (actionGerundAt(r, ctx) >= 0 ? unknown(0.2, 'question') : null) ??
    // "my laptop's cpu fan is loud", "i checked the logs earlier": statements, no request.
    (isAside(r, ctx) ? unknown(0.1) : null) ??
    (recipeSaysMore(r, ctx) ? parseRecipePhrase(r, ctx) : null) ??
    parseInspect(r, ctx) ??
    parseRecipePhrase(r, ctx) ??
    unknown()
  );
}

// "who is hooked up to redis": the phrase of a recipe that only reads, of several words and none
// of them a word an intent is asked by ('disk', 'slow', 'logs'), says more than a cue elsewhere ('up to').
function recipeSaysMore(r: Reading, ctx: ParseContext): boolean {
  const hit = findRecipeByPhrase(r.tokens, ctx);
  if (!hit || hit.recipe.risk !== 'inspect' || (hit.size ?? 0) < 2) return false;
  for (let i = hit.at; i < hit.end; i++) if (isCueWord(r.stems[i]!)) return false;
  return true;
}

const ACTION_STEMS = new Set([...VERB_WORDS, 'clear', 'flush', 'optimiz', 'optimis', 'vacuum', 'free', 'empty', 'wip']);

/** Before a gerund, words that make it a state ("keeps restarting", "is stopping"), not an action talked about. */
const STATE_BEFORE = new Set(['keep', 'keeps', 'kept', 'is', 'are', 'was', 'were', 'been', 'be', 'stop', 'start']);

// Where an action verb is used as a noun on something the CI runs ("restarting redis ...",
// "would clearing the cache help"), or -1; "keeps restarting" describes a symptom.
function actionGerundAt(r: Reading, ctx: ParseContext): number {
  const { tokens, stems } = r;
  return tokens.findIndex(
    (w, i) =>
      w.endsWith('ing') &&
      ACTION_STEMS.has(stems[i]!) &&
      !STATE_BEFORE.has(tokens[i - 1] ?? '') &&
      tokens.slice(i + 1, i + 4).some((x) => MEMORY_NOUNS.includes(x) || isServiceWord(x, ctx)),
  );
}

// "not restarting anything until the IC says so", "we're not stopping the worker": the speaker
// denies an action in its gerund. A control verb's is that action negated (the CI says it won't);
// another's is nothing to do. "redis is not starting" describes a symptom.
function deniedAction(r: Reading, ctx: ParseContext): ParsedIntent | null {
  const { tokens, stems } = r;
  const at = tokens.findIndex((w, i) => w.endsWith('ing') && ACTION_STEMS.has(stems[i]!) && deniedBySpeaker(r, i - 1));
  if (at < 0) return null;
  const control = CONTROL_VERBS.find((c) => !c.particle && c.verb === stems[at]);
  if (!control) return unknown(0.2);
  const service = findService(tokens.slice(at + 1), ctx);
  return result(control.intent, service ? { service: service.name } : {}, 0.9, 'control', true);
}

// 'not' opening its clause, or after 'we are' / 'i am': the speaker says what they will not do.
function deniedBySpeaker(r: Reading, at: number): boolean {
  const { tokens } = r;
  if (!DENIALS.has(tokens[at] ?? '')) return false;
  if (at === (r.clauseStart[at] ?? 0)) return true;
  return ['are', 'am'].includes(tokens[at - 1] ?? '') && ['we', 'i'].includes(tokens[at - 2] ?? '');
}

const DENIALS = new Set(['not', 'no', 'never', 'without']);
