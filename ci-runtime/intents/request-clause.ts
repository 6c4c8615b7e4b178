// A long message often tells its context first and asks last ("redis has been flapping for 20 min
// and the alerts won't shut up. can you restart it"). The request clause (an imperative, "can you
// ...", a question) decides the intent; the statements before it only say what its pronouns refer
// to. Their negations, times, reports and keywords are theirs, not the request's ('won't shut up' is
// no "won't restart", 'tonight' in "took out a worker once tonight" no order for later). A clause
// that governs the request ("once the deploy is done, ...", "if it dies again, ...", "tonight, ...")
// is no context: such a message is read whole, as before. Pure.
import { MEMORY_NOUNS, OPTIMIZE_VERBS, RUN_VERBS, VERB_CLASSES, VERB_WORDS } from './actions';
import { findService, isServiceWord, type ParseContext } from './extract-args';
import { isSpeakersOwn } from './aside';
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
  if (SUBORDINATING.has(head) || words.some((w) => SUPPOSING.has(w))) return false;
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
 * What the context is about, as a pronoun of the request refers to it: the subject of its latest
 * statement that has one (a peer's container, a service, memory), walking back; only the latest when
 * the context names several services ("the worker is fine but redis is stuck, restart it" is redis;
 * "redis is fine and the alerts are about the worker, restart it" is left unresolved). Else the one
 * service it names, else the web service when it tells a symptom only a web app shows (a page taking
 * seconds to load, HTTP 5xx answers, failing requests or endpoints).
 */
function referentOf(r: Reading, ctx: ParseContext, upTo: number): string[] | null {
  const context = r.tokens.slice(0, upTo);
  const statements = r.clauses.filter((c) => c.start < upTo).flatMap((c) => statementsOf(r, c, ctx));
  const several = servicesNamed(context, ctx) > 1;
  for (let k = statements.length - 1; k >= 0; k--) {
    const found = subjectReferent(statements[k]!, ctx);
    // "my home server is acting up, reboot it": the speaker's own thing, nothing the CI runs.
    if (found === OWN) return null;
    if (found) return found;
    if (several) return null;
  }
  if (isSpeakersOwn(context)) return null;
  for (let i = 0; i < context.length; i++) {
    const peer = peerAt(context, i, ctx);
    if (peer?.suffixed) return [...knownWords(peer.peer), 'container', 'ci'];
  }
  const service = findService(context, ctx);
  if (service) return [context[service.at]!];
  const web = ctx.services.filter((s) => s.kind === 'web');
  return web.length === 1 && context.some((_, i) => isWebSymptom(context, i)) ? [web[0]!.name] : null;
}

/** A subject that is the speaker's own ('my laptop'): what a pronoun then refers to is not the container's. */
const OWN = Symbol('own');

/** Words that join two statements in one clause ("memory is at 94% and the OOM killer took ..."). */
const JOINING = new Set(['and', 'but', 'while', 'whereas', 'though', 'although', 'so', 'yet']);

// The statements of a clause: split at a joining word that follows a statement verb (so "redis and
// postgres are slow" stays one).
function statementsOf(r: Reading, c: Clause, ctx: ParseContext): string[][] {
  const out: string[][] = [];
  let from = c.start;
  let verb = false;
  for (let i = c.start; i < c.end; i++) {
    const w = r.tokens[i]!;
    if (JOINING.has(w) && verb) {
      out.push(r.tokens.slice(from, i));
      from = i + 1;
      verb = false;
    } else if (isStatementVerb(w, ctx)) verb = true;
  }
  out.push(r.tokens.slice(from, c.end));
  return out;
}

// The subject of a statement (its words before the verb) as a referent: a peer's container, a
// service (as typed), or memory.
function subjectReferent(statement: string[], ctx: ParseContext): string[] | typeof OWN | null {
  let end = 0;
  while (end < statement.length && !isStatementVerb(statement[end]!, ctx)) end++;
  const subject = statement.slice(0, end);
  if (isSpeakersOwn(subject)) return OWN;
  for (let i = 0; i < subject.length; i++) {
    const peer = peerAt(subject, i, ctx);
    if (peer?.suffixed) return [...knownWords(peer.peer), 'container', 'ci'];
  }
  const service = findService(subject, ctx);
  if (service) return [subject[service.at]!];
  const memory = subject.find((w) => MEMORY_NOUNS.includes(w));
  return memory ? [memory] : null;
}

// How many services the words name (one word can name one).
function servicesNamed(words: string[], ctx: ParseContext): number {
  const named = new Set<string>();
  for (const w of words) {
    const s = isServiceWord(w, ctx) ? findService([w], ctx) : null;
    if (s) named.add(s.name);
  }
  return named.size;
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
  out.context = r.tokens.slice(0, from);
  return out;
}
