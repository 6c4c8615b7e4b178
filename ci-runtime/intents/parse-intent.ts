// Natural language → one intent of the catalogue (pure). In order: a peer question, a recipe named
// outright, a control verb, freeing memory, the inspect intents by cue, a recipe by its phrases.
// An action (control or destructive) needs an order: its verb in the base form at the head of the
// sentence (after politeness), no negation, hypothetical, reported speech or question, and an
// object the CI knows. Anything else is an inspect intent or `unknown`; it never guesses an action.
import {
  INTENT_NAMES,
  INTENT_RISK,
  type IntentArgs,
  type IntentName,
  type ParsedIntent,
  type Risk,
} from '../../protocol';
import {
  EMPTY_CONTEXT,
  findLines,
  findNamedRecipe,
  findRecipeByPhrase,
  findService,
  isServiceWord,
  peerAt,
  type ParseContext,
  type RecipeHit,
} from './extract-args';
import {
  CONTROL_NOUNS,
  CONTROL_PARTICIPLES,
  CONTROL_VERBS,
  LEXICON,
  MEMORY_NOUNS,
  OPTIMIZE_NOUNS,
  OPTIMIZE_VERBS,
  RUN_VERBS,
  type Cue,
  type InspectIntent,
} from './lexicon';
import { hasSeq, moodAt, type Mood } from './structure';
import { stem, stemmedMatch, typoMatch, Vocabulary, words } from './tokens';

/** Below this score no inspect intent is chosen. */
export const CONFIDENCE_THRESHOLD = 0.6;
const MAX_GAP = 2;

/** Intents whose answer narrows to one service when the phrase names one. */
const SERVICE_INTENTS = new Set<IntentName>([
  'status',
  'health',
  'memory',
  'cpu',
  'logs',
  'uptime',
  'processes',
  'diagnose',
  'changes',
  'anomalies',
  'restart',
  'stop',
  'start',
  'run-recipe',
]);
/** Words after an action verb that say nothing about its object. */
const GLUE = new Set([
  'the',
  'a',
  'an',
  'our',
  'all',
  'up',
  'out',
  'down',
  'again',
  'now',
  'please',
  'pls',
  'right',
  'away',
  'quickly',
  'service',
  'services',
  'process',
  'processes',
  'instance',
  'container',
  'and',
  'then',
  'for',
  'too',
  'as',
  'well',
  'immediately',
  'asap',
  'back',
  'on',
  'off',
  'go',
  'some',
  'of',
  'in',
  'here',
  'there',
  'yet',
  'one',
  'more',
  'time',
  'once',
  'thanks',
  'thank',
  'you',
  'kindly',
  'offline',
  'online',
  'running',
  'going',
  'serving',
  'cycle',
  'tables',
  'table',
  'data',
  'keys',
  'it',
  'with',
  'everything',
  'them',
  'this',
  'that',
  'fully',
  'gracefully',
  'safely',
  'hard',
  'soft',
]);
/** Object words that refer to something, but to nothing the CI knows without a service ('restart it'). */
const PRONOUNS = new Set(['it', 'everything', 'them', 'this', 'that', 'all']);
/** Opening words that address someone other than a peer CI ("ask bob about ..."). */
const ASKING = new Set(['ask', 'consult', 'poll', 'query']);

/** Parses a phrase; `ctx` names the services, peers and recipes it may refer to. */
export function parseIntent(text: string, ctx: ParseContext = EMPTY_CONTEXT): ParsedIntent {
  const tokens = words(text);
  if (!tokens.length) return /^\s*\?+\s*$/.test(text) ? result('help', {}, 1) : unknown();
  return (
    parsePeer(tokens, text, ctx) ??
    parseNamedRecipe(tokens, text, ctx) ??
    parseOptimize(tokens, text) ??
    parseControl(tokens, text, ctx) ??
    // "would restarting the api help", "restarting redis is what fixed it": talk about an action.
    (actionGerundAt(tokens, ctx) >= 0 ? unknown(0.2, 'question') : null) ??
    parseInspect(tokens, text, ctx) ??
    parseRecipePhrase(tokens, text, ctx) ??
    unknown()
  );
}

function unknown(confidence = 0, notAnOrder?: Mood): ParsedIntent {
  const not =
    notAnOrder === 'question' || notAnOrder === 'hypothetical' || notAnOrder === 'reported' ? { notAnOrder } : {};
  return { intent: 'unknown', args: {}, risk: 'inspect', confidence, ...not };
}

function result(
  intent: IntentName,
  args: IntentArgs,
  confidence: number,
  risk: Risk = INTENT_RISK[intent],
  negated = false,
): ParsedIntent {
  return {
    intent,
    args,
    risk,
    confidence: Math.round(Math.min(1, confidence) * 100) / 100,
    ...(negated ? { negated: true } : {}),
  };
}

/** An action phrase by its mood: the action for an order, a negated action, or nothing. */
function byMood(mood: Mood, intent: IntentName, args: IntentArgs, risk?: Risk): ParsedIntent {
  if (mood === 'order') return result(intent, args, 0.95, risk);
  if (mood === 'negated') return result(intent, args, 0.9, risk, true);
  return unknown(0.3, mood);
}

// ask-peer: "ask db ...", "check with db ...", "have db tell us ...", "what does db say ...".
function parsePeer(tokens: string[], raw: string, ctx: ParseContext): ParsedIntent | null {
  for (let i = 0; i < tokens.length; i++) {
    const hit = peerAt(tokens, i, ctx);
    if (!hit) continue;
    const frame = peerFrame(tokens, i);
    if (frame === null) continue;
    const message = tokens
      .slice(hit.end)
      .join(' ')
      .replace(/^(?:and\s+)?(?:ask\s+)?(?:whether|if|about|for|to tell (?:me|us)|to|tell (?:me|us)|how)?\s*/, (m) =>
        m.trim() === 'how' || m.endsWith('how ') ? 'how ' : '',
      );
    const forwarded =
      (frame.before
        ? tokens
            .slice(frame.at + 1, i - 1)
            .filter((w) => w !== 'the')
            .join(' ')
        : '') ||
      message.trim() ||
      'status';
    const head = tokens.slice(0, hit.end);
    const mood = frame.question ? 'order' : moodAt(head, frame.at, head.join(' '));
    return byMood(mood, 'ask-peer', { peer: hit.peer, message: forwarded });
  }
  // "ask bob about the weather": someone the CI does not know; not a question for the CI either.
  const first = tokens.find((w) => !['please', 'could', 'can', 'you', 'hey', 'would'].includes(w));
  if (first && (ASKING.has(first) || hasSeq(tokens, ['check', 'with']))) return unknown(0.2);
  return null;
}

// The word that makes a peer mention a question to it, and where it is.
function peerFrame(tokens: string[], i: number): { at: number; question?: boolean; before?: boolean } | null {
  for (let k = Math.max(0, i - 4); k < i; k++) {
    const w = tokens[k]!;
    if (
      ['ask', 'consult', 'poll', 'query', 'ping', 'have', 'consult'].includes(w) &&
      tokens.slice(k + 1, i).every((x) => ['the', 'peer'].includes(x))
    )
      return { at: k };
    if (
      w === 'with' &&
      (tokens[k - 1] === 'check' || tokens[k - 1] === 'in') &&
      tokens.slice(k + 1, i).every((x) => x === 'the')
    )
      return { at: tokens.lastIndexOf('check', k) };
    if (w === 'from' && k === i - 1)
      return {
        at: Math.max(
          0,
          tokens.findIndex((x) => ['get', 'find', 'fetch'].includes(x)),
        ),
        before: tokens[0] === 'get',
      };
    if (
      w === 'what' &&
      (tokens[i + 1] === 'say' || tokens[i + 1] === 'thinks' || tokens[i + 1] === 'think') &&
      tokens.slice(k + 1, i).every((x) => x === 'does' || x === 'the')
    ) {
      return { at: k === 0 ? 0 : k - 1, question: k === 0 };
    }
  }
  return null;
}

// "run the clear-cache recipe", "execute diagnose slow", "how does the optimize-memory recipe work".
function parseNamedRecipe(tokens: string[], raw: string, ctx: ParseContext): ParsedIntent | null {
  const hit = findNamedRecipe(tokens, ctx);
  const said = tokens.includes('recipe');
  const runAt = tokens.findIndex(
    (w, i) => RUN_VERBS.includes(w) && w !== 'do' && (!VERB_WORDS.has(w) || (hit !== null && i < hit.at)),
  );
  if (!hit) {
    // "please don't run any recipe": nothing to do.
    if (runAt > 0 && tokens.slice(0, runAt).includes('not')) return unknown(0.2);
    // "run tests", "execute the migration script": running something that is no recipe here.
    return runAt === 0 && !parseInspect(tokens, raw, ctx, ['diagnose']) && !parseOptimize(tokens, raw)
      ? unknown(0.2)
      : null;
  }
  // A recipe named like an intent ('optimize-memory') is that intent unless the phrase says 'recipe'.
  if (!said && (INTENT_NAMES as string[]).includes(hit.recipe.name)) return null;
  const verbAt = runAt >= 0 && runAt < hit.at ? runAt : -1;
  if (!said && verbAt < 0) return null;
  const recipeAt = tokens.indexOf('recipe');
  return recipeResult(
    hit,
    tokens,
    raw,
    ctx,
    verbAt >= 0 ? verbAt : recipeAt >= 0 && recipeAt < hit.at ? recipeAt : hit.at,
  );
}

function recipeResult(hit: RecipeHit, tokens: string[], raw: string, ctx: ParseContext, at: number): ParsedIntent {
  // The words of a recipe's name ('clear-cache') name the recipe, not a service.
  const service =
    findService(hit.explicit ? [...tokens.slice(0, hit.at), ...tokens.slice(hit.end).map(() => '')] : tokens, ctx) ??
    (hit.explicit ? findService(tokens.slice(hit.end), ctx) : null);
  const args: IntentArgs = { recipe: hit.recipe.name, ...(service ? { service: service.name } : {}) };
  const mood = moodAt(tokens, at, raw);
  if (hit.recipe.risk === 'inspect' && (mood === 'order' || mood === 'question' || mood === 'mention'))
    return result('run-recipe', args, 0.9, 'inspect');
  return byMood(mood, 'run-recipe', args, hit.recipe.risk);
}

// restart / stop / start a service.
function parseControl(tokens: string[], raw: string, ctx: ParseContext): ParsedIntent | null {
  const found = findControl(tokens, ctx);
  if (!found) return null;
  const { intent, at, objectEnd } = found;
  const service = findService(tokens, ctx, objectEnd);
  const after = tokens.slice(objectEnd).filter((w) => !GLUE.has(w) || PRONOUNS.has(w));
  const mood = found.mood ?? moodAt(tokens, at, raw);
  // "restart my laptop", "stop the music", "turn off the lights": an object the CI does not run.
  const foreign = !service && after.some((w) => !isServiceWord(w, ctx) && !['nothing', 'anything', 'yet'].includes(w));
  if (mood === 'negated') return result(intent, service ? { service: service.name } : {}, 0.9, 'control', true);
  if (mood === 'order' && foreign) {
    const target = after.find((w) => !PRONOUNS.has(w) && !['nothing', 'anything', 'yet'].includes(w));
    return { ...unknown(0.2), ...(target ? { unknownTarget: target } : {}) };
  }
  if (mood === 'order') return result(intent, service ? { service: service.name } : {}, service ? 0.95 : 0.7);
  // A question or a report about an action may still be a question the CI answers: why it happened, since when.
  const inspect = parseInspect(tokens, raw, ctx, ['diagnose', 'uptime']);
  return inspect ?? unknown(0.3, mood);
}

const VERB_WORDS = new Set(CONTROL_VERBS.map((c) => c.verb));
const VERB_VOCABULARY = new Vocabulary(VERB_WORDS);

interface ControlHit {
  intent: 'restart' | 'stop' | 'start';
  at: number;
  objectEnd: number;
  mood?: Mood;
}

function findControl(tokens: string[], ctx: ParseContext): ControlHit | null {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const noun = CONTROL_NOUNS[t];
    if (noun && (tokens[i - 1] === 'a' || tokens[i - 1] === 'another')) {
      const head = tokens.findIndex((w) => w === 'give' || w === 'do' || w === 'needs' || w === 'need');
      if (head >= 0 && head < i) {
        if (tokens[head] === 'give' || tokens[head] === 'do') return { intent: noun, at: head, objectEnd: head + 1 };
        const orders = hasSeq(tokens, ['do', 'it']) || hasSeq(tokens, ['go', 'ahead']);
        return { intent: noun, at: 0, objectEnd: 0, mood: orders && !tokens.includes('not') ? 'order' : 'mention' };
      }
    }
    // A known verb is only itself ('start' is no typo of 'restart').
    const verbs = VERB_WORDS.has(t)
      ? new Set([t])
      : new Set(
          VERB_VOCABULARY.matches(t)
            .filter(([, m]) => m < 1)
            .map(([k]) => k),
        );
    for (const cv of verbs.size ? CONTROL_VERBS : []) {
      if (!verbs.has(cv.verb) || isInflected(t, cv.verb)) continue;
      if (cv.unless && cv.unless.some((u) => tokens.includes(u))) continue;
      if (cv.particle) {
        const p = tokens.slice(i + 1, i + 6).findIndex((w) => cv.particle!.includes(w));
        if (p < 0) continue;
        // The particle right after the verb is part of it ('shut down X'); later, it closes the object ('shut X down').
        return { intent: cv.intent, at: i, objectEnd: p === 0 ? i + 2 : i + 1 };
      }
      return { intent: cv.intent, at: i, objectEnd: i + 1 };
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
          objectEnd: want + 1,
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

// optimize-memory: a freeing verb with memory as its object, or "memory optimization" as the request.
function parseOptimize(tokens: string[], raw: string): ParsedIntent | null {
  const memoryAt = tokens.findIndex((w) => MEMORY_NOUNS.includes(w) || typoMatch(w, 'memory') > 0);
  let firstMood: Mood | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!OPTIMIZE_VERBS.some((v) => t === v || typoMatch(t, v) > 0)) continue;
    const window = tokens.slice(i + 1, i + 5);
    const objectHere = window.some((w) => MEMORY_NOUNS.includes(w) || typoMatch(w, 'memory') > 0);
    // "we need more free memory, free some up": the object is in the other clause.
    const elsewhere =
      memoryAt >= 0 &&
      ['some', 'it', 'up'].includes(tokens[i + 1] ?? '') &&
      !window.some((w) => !['some', 'it', 'up', 'please'].includes(w));
    if (!objectHere && !elsewhere) continue;
    // 'give' and 'get' free memory only with 'back' / 'down' ("give back some memory", "get memory usage down").
    if (t === 'give' && !window.includes('back')) continue;
    if ((t === 'get' || t === 'bring') && !window.includes('down')) continue;
    if (t === 'make' && !window.some((w) => ['smaller', 'lower', 'less'].includes(w))) continue;
    if (t === 'cut' && !window.includes('down')) continue;
    const mood = moodAt(tokens, i, raw);
    if (mood === 'order' || mood === 'negated') return byMood(mood, 'optimize-memory', {});
    firstMood ??= mood;
  }
  if (firstMood) return unknown(0.3, firstMood);
  // "run memory optimization", "memory cleanup please", "do a memory optimization".
  const nounAt = tokens.findIndex((w) => OPTIMIZE_NOUNS.includes(w));
  if (nounAt > 0 && MEMORY_NOUNS.includes(tokens[nounAt - 1]!)) {
    const head = tokens.slice(0, nounAt - 1).filter((w) => !['the', 'a', 'an'].includes(w));
    const rest = tokens.slice(nounAt + 1).filter((w) => !['please', 'now', 'thanks'].includes(w));
    if (rest.length) return unknown(0.2, 'reported');
    if (head.length === 0) return result('optimize-memory', {}, 0.8);
    const lead = head.findIndex((w) => RUN_VERBS.includes(w));
    if (lead >= 0) return byMood(moodAt(tokens, lead, raw), 'optimize-memory', {});
  }
  return null;
}

interface Hit {
  intent: InspectIntent;
  score: number;
  at: number;
}

interface IndexedCue {
  intent: InspectIntent;
  cue: Cue;
  stems: string[];
}

// Cues by their first word, and the vocabulary of first words: a token is compared only with the
// cues it can start (issue 12: comparing every token with every cue cost 0.1 ms a character).
let cueIndex: { byFirst: Map<string, IndexedCue[]>; vocabulary: Vocabulary } | null = null;

function indexCues(): NonNullable<typeof cueIndex> {
  if (cueIndex) return cueIndex;
  const byFirst = new Map<string, IndexedCue[]>();
  for (const [intent, cues] of Object.entries(LEXICON) as Array<[InspectIntent, Cue[]]>) {
    for (const cue of cues) {
      const list = byFirst.get(cue.words[0]!) ?? [];
      list.push({ intent, cue, stems: cue.words.map(stem) });
      byFirst.set(cue.words[0]!, list);
    }
  }
  cueIndex = { byFirst, vocabulary: new Vocabulary(byFirst.keys()) };
  return cueIndex;
}

/** The best match of every inspect intent's cues in `tokens`: score (weight, typo, length) and position. */
function matchCues(tokens: string[], stems: string[]): Map<InspectIntent, { score: number; at: number }> {
  const { byFirst, vocabulary } = indexCues();
  const best = new Map<InspectIntent, { score: number; at: number }>();
  for (let start = 0; start < tokens.length; start++) {
    for (const [first, firstScore] of vocabulary.matches(tokens[start]!)) {
      for (const { intent, cue, stems: ks } of byFirst.get(first)!) {
        let score = firstScore;
        let pos = start + 1;
        let ok = true;
        for (let k = 1; k < cue.words.length && ok; k++) {
          let found = -1;
          for (let p = pos; p < tokens.length && p <= pos + (cue.gap ?? MAX_GAP); p++) {
            const m = stemmedMatch(tokens[p]!, stems[p]!, cue.words[k]!, ks[k]!);
            if (m > 0) {
              found = p;
              score = Math.min(score, m);
              break;
            }
          }
          if (found < 0) ok = false;
          pos = found + 1;
        }
        if (!ok) continue;
        const s = score * cue.weight + 0.1 * (cue.words.length - 1);
        const had = best.get(intent);
        if (!had || s > had.score) best.set(intent, { score: s, at: start });
      }
    }
  }
  return best;
}

// The intents that read state. `only` narrows them (after a control word that was not an order).
function parseInspect(tokens: string[], raw: string, ctx: ParseContext, only?: InspectIntent[]): ParsedIntent | null {
  // "what if postgres crashed", "imagine redis went down": not about now.
  if (['if', 'imagine', 'suppose', 'pretend', 'hypothetically'].some((w) => tokens.includes(w)) && !only) return null;
  if (/^(what|who) are you$/.test(tokens.join(' '))) return result('help', {}, 1);
  const hits: Hit[] = [];
  for (const [intent, m] of matchCues(tokens, tokens.map(stem)))
    if (!only || only.includes(intent)) hits.push({ intent, ...m });
  const service = findService(tokens, ctx);
  // "why did redis restart?", "why is the worker stopped": why + a service + what happened to it.
  if (
    tokens.includes('why') &&
    service &&
    tokens.some((w) => /^(restart|stop|start|crash|fail|die|hang|down|dead|exit|kill)/.test(w))
  ) {
    hits.push({ intent: 'diagnose', score: 1.3, at: tokens.indexOf('why') });
  }
  // "how long does a restart take" asks for a duration, not an uptime.
  const filtered = hits.filter((h) => !(h.intent === 'uptime' && tokens.some((w) => w === 'take' || w === 'takes')));
  if (!filtered.length) return null;
  filtered.sort((a, b) => b.score - a.score);
  const top = filtered[0]!;
  if (top.score < CONFIDENCE_THRESHOLD) return null;
  // "my memory is not what it used to be": the speaker's own, not the container's.
  if (tokens[top.at - 1] === 'my' && !service) return null;
  const args: IntentArgs = {};
  if (service && SERVICE_INTENTS.has(top.intent)) args.service = service.name;
  const lines = top.intent === 'logs' ? findLines(tokens) : undefined;
  if (lines !== undefined) args.lines = lines;
  return result(top.intent, args, top.score);
}

const ACTION_STEMS = new Set([...VERB_WORDS, 'clear', 'flush', 'optimiz', 'optimis', 'vacuum', 'free', 'empty', 'wip']);

// Where an action verb is used as a noun on something the CI runs ("restarting redis ...",
// "would clearing the cache help"), or -1; "keeps restarting" describes a symptom.
function actionGerundAt(tokens: string[], ctx: ParseContext): number {
  return tokens.findIndex(
    (w, i) =>
      i <= 2 &&
      w.endsWith('ing') &&
      ACTION_STEMS.has(stem(w)) &&
      !['keep', 'keeps', 'kept'].includes(tokens[i - 1] ?? '') &&
      tokens.slice(i + 1, i + 4).some((x) => MEMORY_NOUNS.includes(x) || isServiceWord(x, ctx)),
  );
}

// "clear the cache", "how many connections", "vacuum the database": a recipe by its own phrases.
function parseRecipePhrase(tokens: string[], raw: string, ctx: ParseContext): ParsedIntent | null {
  const hit = findRecipeByPhrase(tokens, ctx);
  if (!hit) return null;
  // "vacuum the living room": the phrase's verb on something the CI does not have.
  const next = tokens
    .slice(hit.end)
    .find((w) => !GLUE.has(w) && !['and', 'analyze', 'database', 'db', 'tables'].includes(w));
  if (next && !isServiceWord(next, ctx) && hit.recipe.risk !== 'inspect' && !/^\d+$/.test(next)) return unknown(0.2);
  return recipeResult(hit, tokens, raw, ctx, hit.at);
}
