// Frozen copy of the intent parser as it was before issue 12, kept only as the benchmark baseline.
// Natural language → one intent of the catalogue (pure). Scores each intent's cues against the
// phrase, typo-tolerant; drops politeness; sees negation; never guesses a control action: a
// control intent needs an order-like phrase and a clear lead, else the answer is `unknown`.
import { INTENT_RISK, type IntentName, type ParsedIntent } from '../../../../protocol';
import { EMPTY_CONTEXT, extractArgs, findPeer, findRecipe, type ParseContext } from './extract-args';
import { LEXICON, NEGATIONS, QUESTION_WORDS, type Cue } from './lexicon';
import { isFiller, wordMatch, words } from './tokens';

/** Below this confidence the intent is `unknown`. */
export const CONFIDENCE_THRESHOLD = 0.55;
const MAX_GAP = 2;

interface Hit {
  intent: Exclude<IntentName, 'unknown'>;
  score: number;
  at: number;
}

/** Finds `cue` in `tokens`, allowing up to MAX_GAP words between its words; returns score and position. */
function matchCue(tokens: string[], cue: Cue): { score: number; at: number } | null {
  let best: { score: number; at: number } | null = null;
  for (let start = 0; start < tokens.length; start++) {
    let pos = start;
    let score = 1;
    let ok = true;
    for (let k = 0; k < cue.words.length; k++) {
      let found = -1;
      for (let p = pos; p < tokens.length && p <= pos + (k === 0 ? 0 : MAX_GAP); p++) {
        const m = wordMatch(tokens[p]!, cue.words[k]!);
        if (m > 0) {
          found = p;
          score = Math.min(score, m);
          break;
        }
      }
      if (found < 0) {
        ok = false;
        break;
      }
      pos = found + 1;
    }
    if (ok && (!best || score * cue.weight > best.score)) best = { score: score * cue.weight, at: start };
  }
  return best;
}

/** Parses a phrase; `ctx` names the services, peers and recipes it may refer to. */
export function parseIntent(text: string, ctx: ParseContext = EMPTY_CONTEXT): ParsedIntent {
  const all = words(text);
  const unknown: ParsedIntent = { intent: 'unknown', args: {}, risk: 'inspect', confidence: 0 };
  if (!all.length) return unknown;
  const hits: Hit[] = [];
  for (const [intent, cues] of Object.entries(LEXICON) as Array<[Hit['intent'], Cue[]]>) {
    let best: Hit | null = null;
    for (const cue of cues) {
      const m = matchCue(all, cue);
      if (m && (!best || m.score > best.score)) best = { intent, score: m.score, at: m.at };
    }
    if (best) hits.push(best);
  }
  if (!hits.length) return unknown;
  const content = all.filter((w) => !isFiller(w));
  // "can you restart redis?" is a polite order, "should I restart redis?" a question.
  const politeAsk = ['can', 'could', 'would', 'will', 'please'].includes(all[0] ?? '');
  const question = QUESTION_WORDS.has(content[0] ?? '') || (/\?\s*$/.test(text) && !politeAsk);
  for (const h of hits) {
    if (INTENT_RISK[h.intent] !== 'control') continue;
    // An order starts with its verb once politeness and negation are set aside ("please restart
    // redis", "don't restart redis"); a question or a mention deep in a sentence is not an order.
    const lead = all.slice(0, h.at).filter((w) => !isFiller(w) && !NEGATIONS.has(w) && w !== 'do');
    if (question || lead.length > 0) h.score *= 0.4;
  }
  // A named recipe or a known peer makes 'run X' / 'ask X' clear; the rest of the phrase is its
  // subject ('ask db whether the disk is full' is not a disk question).
  const peer = findPeer(text, ctx);
  const recipe = findRecipe(text, ctx);
  for (const h of hits) {
    if (h.intent === 'ask-peer' && peer && h.at <= 2) h.score += 0.5;
    if (h.intent === 'run-recipe' && recipe) h.score += 0.3;
  }
  // optimize-memory contains 'memory': prefer it over the plain memory question when both match.
  hits.sort((a, b) => b.score - a.score || rankRisk(a.intent) - rankRisk(b.intent));
  const top = hits[0]!;
  const second = hits[1];
  if (top.score < CONFIDENCE_THRESHOLD) return { ...unknown, confidence: top.score };
  // A control action needs a clear lead over any other reading.
  if (
    INTENT_RISK[top.intent] === 'control' &&
    second &&
    second.score >= top.score * 0.9 &&
    top.intent !== 'optimize-memory'
  ) {
    return { ...unknown, confidence: top.score };
  }
  const negated = all.slice(Math.max(0, top.at - 3), top.at).some((w) => NEGATIONS.has(w)) && !question;
  const args =
    top.intent === 'ask-peer' && peer ? { peer: peer.peer, message: peer.message } : extractArgs(text, all, ctx);
  if (top.intent === 'ask-peer' && !args.peer) return { ...unknown, confidence: top.score * 0.5 };
  return {
    intent: top.intent,
    args,
    risk: INTENT_RISK[top.intent],
    confidence: Math.round(Math.min(1, top.score) * 100) / 100,
    ...(negated ? { negated: true } : {}),
  };
}

function rankRisk(intent: IntentName): number {
  if (intent === 'optimize-memory') return -1;
  return INTENT_RISK[intent] === 'inspect' ? 0 : 1;
}
