// A long message often tells its context first and asks last ("redis has been flapping for 20 min
// and the alerts won't shut up. can you restart it"). The request clause (an imperative, "can you
// ...", a question) decides the intent; the statements before it only say what its pronouns refer
// to. Their negations, times, reports and keywords are theirs, not the request's ('won't shut up' is
// no "won't restart", 'tonight' in "took out a worker once tonight" no order for later). A clause
// that governs the request ("once the deploy is done, ...", "if it dies again, ...", "tonight, ...")
// is no context: such a message is read whole, as before. Pure.
import { MEMORY_NOUNS, OPTIMIZE_VERBS, RUN_VERBS, VERB_CLASSES, VERB_WORDS } from './actions';
import { findService, isServiceWord, type ParseContext } from './extract-args';
import { peerAt } from './peers';
import type { Reading } from './reading';
import { isScheduled } from './schedule';
import { type Clause, knownWords, stem } from './tokens';

/** Words that may open a clause before what it does ("ok so just restart it", "and then show me ..."). */
const OPENERS = new Set([
  'please',
  'pls',
  'plz',
  'kindly',
  'ok',
  'okay',
  'so',
  'now',
  'just',
  'then',
  'and',
  'but',
  'also',
  'hey',
  'hi',
  'yes',
  'yeah',
  'alright',
  'anyway',
  'anyways',
  'quickly',
  'right',
  'well',
  'oh',
  'ah',
  'sorry',
  'again',
]);
/** Words that open a question. */
const QUESTION = new Set([
  'what',
  'why',
  'how',
  'when',
  'where',
  'who',
  'which',
  'whose',
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'has',
  'have',
  'can',
  'could',
  'would',
  'will',
  'should',
  'shall',
  'any',
  'anything',
  'anyone',
]);
/** Verbs that ask for something at the head of a clause, besides the action verbs. */
const ASKING = [
  'show',
  'tell',
  'give',
  'list',
  'check',
  'display',
  'print',
  'get',
  'fetch',
  'find',
  'see',
  'look',
  'report',
  'let',
  'help',
  'ask',
  'ping',
  'forward',
  'relay',
  'send',
  'bring',
  'spin',
  'fire',
  'take',
  'shut',
  'turn',
  'switch',
  'power',
  'need',
];
const IMPERATIVE: ReadonlySet<string> = new Set([
  ...ASKING,
  ...VERB_WORDS,
  ...OPTIMIZE_VERBS,
  ...RUN_VERBS,
  ...VERB_CLASSES.slice(0, 3).flat(),
]);
/** Words that open a clause governing the one after it: a condition, a time ("once the deploy is done, ..."). */
const SUBORDINATING = new Set(['if', 'when', 'whenever', 'once', 'after', 'before', 'until', 'unless', 'while', 'as']);
/** Words that open a clause of denial or correction. */
const NEGATING = new Set(['not', 'no', 'never', 'nope', 'nah', 'without']);
/** Words that make a supposition of a clause wherever they stand. */
const SUPPOSING = new Set([
  'if',
  'suppose',
  'supposing',
  'imagine',
  'assuming',
  'assume',
  'hypothetically',
  'pretend',
  'maybe',
  'perhaps',
  'might',
  'theory',
  'case',
  'should',
]);
/** Words of a statement's verb: being, having, the auxiliaries. */
const FINITE = new Set([
  'is',
  'are',
  'was',
  'were',
  'am',
  'been',
  'has',
  'have',
  'had',
  'got',
  'gets',
  'keeps',
  'kept',
  'seems',
  'looks',
  'feels',
  'did',
  'does',
  'will',
  'would',
  'can',
  'could',
  'took',
  'went',
  'ran',
  'broke',
  'fell',
  'hung',
  'froze',
  'came',
  'left',
  'saw',
  'made',
  'found',
]);
const PAST = /^[a-z]{3,}ed$/;
/** Pronouns of the request that the context resolves ('its' and 'their' are possessive). */
const REFERRING = new Set(['it', 'its', 'them', 'their']);

/** The request of a message that gives its context first, read alone with its pronouns resolved; or null. */
export function requestPart(r: Reading, ctx: ParseContext): Reading | null {
  const { clauses } = r;
  if (clauses.length < 2) return null;
  let k = clauses.length - 1;
  while (k > 0 && !asks(r, clauses[k]!, ctx)) k--;
  if (k === 0) return null;
  for (let c = 0; c < k; c++) if (!isContext(r, clauses[c]!, ctx)) return null;
  return focus(r, ctx, k);
}

// The first word of a clause after its openers.
function headOf(r: Reading, c: Clause): number {
  let i = c.start;
  while (i < c.end && OPENERS.has(r.tokens[i]!)) i++;
  return i;
}

/** Whether a clause asks: a question, an imperative, "can you ...", "i need you to ...". */
function asks(r: Reading, c: Clause, ctx: ParseContext): boolean {
  const i = headOf(r, c);
  if (i >= c.end) return false;
  if (c.text.includes('?')) return true;
  const w = r.tokens[i]!;
  if (QUESTION.has(w) || IMPERATIVE.has(w)) return true;
  // "flush it", "vacuum the db": the verb of an acting recipe's phrase.
  return ctx.recipes.some((recipe) => recipe.risk !== 'inspect' && recipe.phrases.some((p) => knownWords(p)[0] === w));
}

/** Whether a clause only tells the context: a statement, not governing what follows. */
function isContext(r: Reading, c: Clause, ctx: ParseContext): boolean {
  if (asks(r, c, ctx)) return false;
  const words = r.tokens.slice(c.start, c.end);
  const head = r.tokens[headOf(r, c)] ?? '';
  // "not redis, don't restart it", "no, ...": a correction, not a statement.
  if (NEGATING.has(head) || SUBORDINATING.has(head) || words.some((w) => SUPPOSING.has(w))) return false;
  const verbAt = words.findIndex((w) => isStatementVerb(w, ctx));
  if (verbAt < 0) return false;
  // "tonight, ...", "in 10 min ..." govern; "it crashed once tonight" tells what happened.
  return !isScheduled(words) || words.some((w) => PAST.test(w) || (FINITE.has(w) && !isPresent(w)));
}

// A verb that makes a clause a statement: 'is', 'has', a past ('crashed'), a present in -s ('takes');
// not a name ('redis') nor a gerund ('according to the wiki, ...' frames what follows).
function isStatementVerb(w: string, ctx: ParseContext): boolean {
  return FINITE.has(w) || PAST.test(w) || (w.length > 3 && /[^siu]s$/.test(w) && !isServiceWord(w, ctx));
}

const isPresent = (w: string) =>
  ['is', 'are', 'am', 'has', 'have', 'gets', 'keeps', 'seems', 'looks', 'feels', 'does', 'will', 'can'].includes(w);

/**
 * What the context is about: its subject (a peer, a service, memory), else the one service it
 * names, else the web service when the context tells a symptom only a web app has (a page taking
 * seconds to load, HTTP 5xx answers, failing requests or endpoints).
 */
function referentOf(r: Reading, ctx: ParseContext, upTo: number): string[] | null {
  const first = r.clauses[0]!;
  let subjectEnd = first.start;
  while (subjectEnd < first.end && !isStatementVerb(r.tokens[subjectEnd]!, ctx)) subjectEnd++;
  const subject = r.tokens.slice(first.start, subjectEnd);
  const context = r.tokens.slice(0, upTo);
  for (const words of [subject, context]) {
    for (let i = 0; i < words.length; i++) {
      const peer = peerAt(words, i, ctx);
      if (peer?.suffixed) return [...knownWords(peer.peer), 'container', 'ci'];
    }
    const service = findService(words, ctx);
    if (service) return [words[service.at]!];
    const memory = words.find((w) => MEMORY_NOUNS.includes(w));
    if (memory && words === subject) return [memory];
  }
  const web = ctx.services.filter((s) => s.kind === 'web');
  return web.length === 1 && context.some((w, i) => isWebSymptom(context, i)) ? [web[0]!.name] : null;
}

/** Words of what only a web app shows: answers by HTTP status ('502s', '5xx'), requests, pages, endpoints. */
const WEB_SYMPTOMS = new Set(['requests', 'endpoint', 'endpoints', 'page', 'pages', 'latency', '5xx', '4xx', 'http']);

function isWebSymptom(words: string[], i: number): boolean {
  const w = words[i]!;
  // "takes 10s to load": a page loading.
  return WEB_SYMPTOMS.has(w) || /^[45]\d\ds?$/.test(w) || (w === 'load' && words[i - 1] === 'to');
}

// The request clauses from clause k on, as a reading of their own; 'it' and 'its' become the referent.
function focus(r: Reading, ctx: ParseContext, k: number): Reading {
  const from = r.clauses[k]!.start;
  const refers = r.tokens.slice(from).some((w) => REFERRING.has(w));
  const referent = refers ? referentOf(r, ctx, from) : null;
  const out: Reading = { raw: '', tokens: [], typed: [], stems: [], typo: [], clauseStart: [], clauses: [] };
  for (const c of r.clauses.slice(k)) {
    const start = out.tokens.length;
    for (let i = c.start; i < c.end; i++) {
      // "please do it": 'it' is the action, not what the context is about.
      const words = referent && REFERRING.has(r.tokens[i]!) && r.tokens[i - 1] !== 'do' ? referent : null;
      for (const w of words ?? [r.tokens[i]!]) {
        out.tokens.push(w);
        out.typed.push(words ? w : r.typed[i]!);
        out.stems.push(words ? stem(w) : r.stems[i]!);
        out.typo.push(words ? false : r.typo[i]!);
        out.clauseStart.push(start);
      }
    }
    out.clauses.push({ start, end: out.tokens.length, text: c.text });
    out.raw += c.text;
  }
  out.raw = out.raw.trim();
  return out;
}
