// The intents that read state, by the cues of the lexicon: the best-scoring cue wins when it
// scores above the threshold. A service named in the phrase narrows the answer.
import type { IntentArgs, IntentName, ParsedIntent } from '../../protocol';
import { findLines, findService, isServiceWord, type ParseContext } from './extract-args';
import { LEXICON, type Cue, type InspectIntent } from './lexicon';
import type { Reading } from './reading';
import { result } from './results';
import { stem } from './tokens';

/** Below this score no inspect intent is chosen. */
export const CONFIDENCE_THRESHOLD = 0.6;
const MAX_GAP = 2;
/** A word corrected from a typo matches a little less than the word itself. */
const TYPO_SCORE = 0.92;
/** What each word a cue skips over costs it. */
const GAP_COST = 0.05;

/** Words that say how a service is ("redis ok?", "api down?"). */
const STATE_WORDS = new Set(['ok', 'okay', 'fine', 'good', 'up', 'down', 'alive', 'dead', 'working', 'healthy']);
/** Words around a service and its state that say nothing ("is the api actually down?"). */
const FILLER = new Set([
  'the',
  'is',
  'are',
  'still',
  'actually',
  'really',
  'even',
  'currently',
  'right',
  'now',
  'just',
]);
/** Words of looking at a service, and the politeness around them ("can you check on the api quickly"). */
const LOOKING = new Set([
  'check',
  'look',
  'at',
  'on',
  'can',
  'could',
  'you',
  'please',
  'pls',
  'quickly',
  'quick',
  'just',
  'go',
]);
const SUPPOSING = new Set(['if', 'imagine', 'suppose', 'pretend', 'hypothetically']);
/** Verbs after which 'if' asks a question ("see if", "check if", "tell me if"). */
const EMBEDDING = new Set(['see', 'check', 'out', 'me', 'us', 'know', 'ask', 'wonder', 'verify', 'confirm', 'look']);

/** Intents whose answer narrows to one service when the phrase names one. */
export const SERVICE_INTENTS = new Set<IntentName>([
  'status',
  'health',
  'memory',
  'disk',
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

interface IndexedCue {
  intent: InspectIntent;
  cue: Cue;
  stems: string[];
}

// Cues by the stem of their first word: a word is compared only with the cues it can start
// (issue 12: comparing every word with every cue cost 0.1 ms a character).
let byFirstStem: Map<string, IndexedCue[]> | null = null;

function cueIndex(): Map<string, IndexedCue[]> {
  if (byFirstStem) return byFirstStem;
  byFirstStem = new Map();
  for (const [intent, cues] of Object.entries(LEXICON) as Array<[InspectIntent, Cue[]]>) {
    for (const cue of cues) {
      const stems = cue.words.map(stem);
      const list = byFirstStem.get(stems[0]!) ?? [];
      list.push({ intent, cue, stems });
      byFirstStem.set(stems[0]!, list);
    }
  }
  return byFirstStem;
}

/** Whether a word (by its stem) is a cue of its own ('disk', 'slow', 'logs'). */
export function isCueWord(stem: string): boolean {
  return (
    cueIndex()
      .get(stem)
      ?.some((c) => c.cue.words.length === 1) ?? false
  );
}

/** The intents a word (by its stem) is a cue of on its own ('logs' → logs). */
export function cueIntentsOf(stem: string): InspectIntent[] {
  return (
    cueIndex()
      .get(stem)
      ?.filter((c) => c.cue.words.length === 1)
      .map((c) => c.intent) ?? []
  );
}

function startsOtherCue(index: Map<string, IndexedCue[]>, stem: string, intent: InspectIntent): boolean {
  const list = index.get(stem);
  return list !== undefined && list.some((c) => c.intent !== intent && c.cue.words.length === 1);
}

/**
 * The best match of every inspect intent's cues: score (weight, typo, length) and position. The words
 * that name a service of `ctx` are the question's subject, not words a cue skips ("when did the
 * celery worker last start" is 'when did ... start' with one word between).
 */
export function matchCues(r: Reading, ctx?: ParseContext): Map<InspectIntent, { score: number; at: number }> {
  const index = cueIndex();
  const { tokens, stems, typo } = r;
  const best = new Map<InspectIntent, { score: number; at: number }>();
  for (let start = 0; start < tokens.length; start++) {
    const list = index.get(stems[start]!);
    if (!list) continue;
    for (const { intent, cue, stems: ks } of list) {
      const first = cue.words[0]!;
      if (tokens[start] !== first && tokens[start]!.charCodeAt(0) !== first.charCodeAt(0)) continue;
      if (verbOfPlural(tokens[start]!, first, tokens[start + 1])) continue;
      // "what processes are running": the noun after what/which is what is asked about, so a cue
      // of another intent that only starts with 'what' ("what runs") does not take the sentence.
      if ((first === 'what' || first === 'which') && startsOtherCue(index, stems[start + 1] ?? '', intent)) continue;
      let score = typo[start] ? TYPO_SCORE : 1;
      let pos = start + 1;
      let ok = true;
      let skipped = 0;
      for (let k = 1; k < cue.words.length && ok; k++) {
        let found = -1;
        const gap = cue.gap ?? MAX_GAP;
        let over = 0;
        for (let p = pos; p < tokens.length && over <= gap; p++) {
          if (
            tokens[p] === cue.words[k] ||
            (stems[p] === ks[k] && !verbOfPlural(tokens[p]!, cue.words[k]!, tokens[p + 1]))
          ) {
            found = p;
            if (typo[p]) score = Math.min(score, TYPO_SCORE);
            break;
          }
          if (!ctx || !isServiceWord(tokens[p]!, ctx)) over++;
        }
        if (found < 0) ok = false;
        skipped += over;
        pos = found + 1;
      }
      if (!ok) continue;
      // Each word a cue skips makes it a little less sure ("what is chewing up the ram" is no "what is up").
      const s = score * cue.weight + 0.1 * (cue.words.length - 1) - GAP_COST * skipped;
      const had = best.get(intent);
      if (!had || s > had.score) best.set(intent, { score: s, at: start });
    }
  }
  return best;
}

// 'fixed' and 'fix the' are no forms of the noun 'fixes' ("is it fixed yet", "we'll fix the config" ask
// for no recipes): a plural cue matches its nouns, not a verb of its stem (inflected, or before its object).
function verbOfPlural(token: string, cueWord: string, next: string | undefined): boolean {
  if (token === cueWord || !cueWord.endsWith('s') || cueWord.endsWith('ss')) return false;
  return /(ed|ing)$/.test(token) || (!token.endsWith('s') && OBJECT_START.has(next ?? ''));
}

const OBJECT_START = new Set(['the', 'a', 'an', 'it', 'this', 'that', 'them', 'my', 'our', 'your', 'its']);

/** Words between "the state of" and "all the services". */
const OF_WORDS = new Set(['of', 'per', 'for', 'by', 'all', 'the', 'our', 'every', 'each', 'these', 'those']);

const HEAD_LINKS = new Set(['of', 'per', 'for', 'by']);

// "the general state of all the services": in "A of B", A is what is asked for; the best hit is
// passed over for one that stands right before "of" in front of it.
function headOf<T extends { intent: InspectIntent; score: number; at: number }>(hits: T[], tokens: string[]): T {
  const top = hits[0]!;
  let k = top.at;
  while (k > 0 && OF_WORDS.has(tokens[k - 1]!)) k--;
  if (k === top.at || !tokens.slice(k, top.at).some((w) => HEAD_LINKS.has(w))) return top;
  return hits.find((h) => h !== top && h.at === k - 1 && h.score >= CONFIDENCE_THRESHOLD) ?? top;
}

/** The intents that read state. `only` narrows them (after a control word that was not an order). */
export function parseInspect(r: Reading, ctx: ParseContext, only?: InspectIntent[]): ParsedIntent | null {
  const { tokens } = r;
  // "what if postgres crashed", "imagine redis went down": not about now. "see if", "check whether":
  // an embedded question, asked now.
  if (tokens.some((w, i) => SUPPOSING.has(w) && !(w === 'if' && EMBEDDING.has(tokens[i - 1] ?? '')))) return null;
  if (/^(what|who) are you$/.test(tokens.join(' '))) return result('help', {}, 1);
  const hits: Array<{ intent: InspectIntent; score: number; at: number }> = [];
  for (const [intent, m] of matchCues(r, ctx)) if (!only || only.includes(intent)) hits.push({ intent, ...m });
  const service = findService(tokens, ctx);
  // "why did redis restart?", "why does the worker keep dying": why + a service asks for a cause;
  // more surely with what happened to it.
  if (tokens.includes('why') && service) {
    const happened = tokens.some((w) => /^(restart|stop|start|crash|fail|die|dy|hang|down|dead|exit|kill)/.test(w));
    hits.push({ intent: 'diagnose', score: happened ? 1.3 : 1, at: tokens.indexOf('why') });
  }
  // "web 502", "why the 500s": an HTTP error status is a symptom to find the cause of.
  const status = tokens.findIndex((w) => /^5\d\ds?$|^5xx$/.test(w));
  if (status >= 0) hits.push({ intent: 'diagnose', score: 0.9, at: status });
  // "how long does a restart take" asks for a duration, not an uptime.
  const filtered = hits.filter((h) => !(h.intent === 'uptime' && tokens.some((w) => w === 'take' || w === 'takes')));
  // "api ok?", "redis alive": a service and a word of its state, nothing else, asks for its health;
  // so do "check redis", "look at the worker", "postgres?": a service looked at, and nothing said of what.
  if (service && !filtered.length) {
    const rest = tokens.filter((w) => !isServiceWord(w, ctx) && !FILLER.has(w));
    if (rest.length === 1 && STATE_WORDS.has(rest[0]!)) filtered.push({ intent: 'health', score: 0.8, at: 0 });
    // (After statements, "the worker seems slow. check it" looks for what the statements tell: read whole.)
    else if (
      !r.context &&
      rest.every((w) => LOOKING.has(w)) &&
      (rest.some((w) => w === 'check' || w === 'look') || /\?\s*$/.test(r.raw))
    )
      filtered.push({ intent: 'health', score: 0.75, at: 0 });
  }
  // "the last 100 of uvicorn": a count of the last lines of a service is its output.
  const lines = findLines(tokens);
  if (lines !== undefined && service && !filtered.length) filtered.push({ intent: 'logs', score: 0.7, at: 0 });
  if (!filtered.length) return null;
  filtered.sort((a, b) => b.score - a.score);
  const top = headOf(filtered, tokens);
  if (top.score < CONFIDENCE_THRESHOLD) return null;
  // "my memory is not what it used to be": the speaker's own, not the container's.
  if (tokens[top.at - 1] === 'my' && !service) return null;
  // "how is redis (doing)?" asks after one service's health; "how is everything?" is the status.
  if (top.intent === 'status' && service && tokens[top.at] === 'how') top.intent = 'health';
  const args: IntentArgs = {};
  if (service && SERVICE_INTENTS.has(top.intent)) args.service = service.name;
  if (lines !== undefined && top.intent === 'logs') args.lines = lines;
  return result(top.intent, args, top.score);
}
