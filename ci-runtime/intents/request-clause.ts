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
  // "for now can you flush it", "meanwhile show me ...".
  'for',
  'meanwhile',
  'instead',
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
  'told',
  'said',
  'sent',
  'gave',
  'knew',
  'thought',
  'heard',
  'kept',
  'lost',
  'began',
  'brought',
  'caught',
  'felt',
  'meant',
  'spent',
  'wrote',
  'woke',
  'grew',
  'rose',
  'became',
  'blew',
  'drove',
  'ate',
  'shot',
  'stuck',
  'threw',
  'held',
  'led',
  'paid',
  'sold',
  'stole',
  'tore',
  'spun',
  'sank',
  'died',
  'dies',
  'dying',
]);
const PAST = /^[a-z]{3,}ed$/;
/** Words of a clause that is only social ("sorry to bother", "hi all", "quick question"): context with nothing to tell. */
const SOCIAL = new Set([
  'sorry',
  'to',
  'bother',
  'hi',
  'hey',
  'hello',
  'yo',
  'thanks',
  'thank',
  'you',
  'quick',
  'quickly',
  'question',
  'q',
  'fyi',
  'btw',
  'ok',
  'okay',
  'so',
  'folks',
  'team',
  'all',
  'guys',
  'everyone',
  'morning',
  'good',
  'evening',
  'afternoon',
  'apologies',
  'for',
  'the',
  'a',
  'late',
  'again',
  'heads',
  'up',
  'please',
  'pls',
  'urgent',
  'um',
  'uh',
  'hmm',
  'well',
  'alright',
  'right',
  'oh',
  'ah',
  'and',
  'but',
]);
/** Words inside a clause after which a request may start ("we'll fix it tomorrow but for now can you flush it"). */
const TURNING = new Set(['but', 'so']);
/** Words of a statement that says its subject is well ("postgres is fine"): a pronoun later is not about it. */
const WELL = new Set(['fine', 'ok', 'okay', 'good', 'healthy', 'normal', 'alright', 'great', 'stable', 'happy']);
/** Words of a request that say it is for now, whatever time the statements before it name. */
const NOW = new Set(['now', 'immediately', 'asap']);
/** Subjects that make the word after them a verb. */
const PERSONS = new Set(['i', 'we', 'they', 'he', 'she', 'you']);
/** Pronouns of the request that the context resolves ('its' and 'their' are possessive). */
const REFERRING = new Set(['it', 'its', 'them', 'their']);

/** The request of a message that gives its context first, read alone with its pronouns resolved; or null. */
export function requestPart(r: Reading, ctx: ParseContext): Reading | null {
  const units = unitsOf(r, ctx);
  if (units.length < 2) return null;
  let k = units.length - 1;
  while (k > 0 && !asks(r, units[k]!, ctx)) k--;
  if (k === 0) return null;
  // "we'll fix the config tomorrow, for now flush it": a request said for now is not for the statements' time.
  const now = r.tokens.slice(units[k]!.start).some((w) => NOW.has(w));
  for (let c = 0; c < k; c++) if (!isContext(r, units[c]!, ctx, now)) return null;
  return focus(r, ctx, units.slice(k));
}

// The clauses of a message, a clause split where a request starts after 'but' or 'so' that follow a
// statement ("the cache is full again so flush it"); a part split off keeps no closing mark.
function unitsOf(r: Reading, ctx: ParseContext): Clause[] {
  const out: Clause[] = [];
  for (const c of r.clauses) {
    let start = c.start;
    for (let i = c.start + 1; i < c.end; i++) {
      if (!TURNING.has(r.tokens[i]!)) continue;
      const told = r.tokens.slice(start, i).some((w) => isStatementVerb(w, ctx));
      const rest: Clause = { start: i, end: c.end, text: r.tokens.slice(i, c.end).join(' ') + markOf(c.text) };
      if (told && asks(r, rest, ctx)) {
        out.push({ start, end: i, text: r.tokens.slice(start, i).join(' ') });
        start = i;
      }
    }
    out.push(
      start === c.start ? c : { start, end: c.end, text: r.tokens.slice(start, c.end).join(' ') + markOf(c.text) },
    );
  }
  return out;
}

const markOf = (text: string) => /[^a-z0-9]*$/i.exec(text)?.[0] ?? '';

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
  return actingVerbs(ctx.recipes).has(w);
}

const acting = new WeakMap<ParseContext['recipes'], Set<string>>();

// The first words of the acting recipes' phrases, once per list of recipes.
function actingVerbs(recipes: ParseContext['recipes']): Set<string> {
  let verbs = acting.get(recipes);
  if (!verbs) {
    verbs = new Set(
      recipes.filter((r) => r.risk !== 'inspect').flatMap((r) => r.phrases.map((p) => knownWords(p)[0]!)),
    );
    acting.set(recipes, verbs);
  }
  return verbs;
}

/**
 * Whether a clause only tells the context: a statement (or only greets: "sorry to bother"), not
 * governing what follows. `now`: the request says it is for now.
 */
function isContext(r: Reading, c: Clause, ctx: ParseContext, now: boolean): boolean {
  const words = r.tokens.slice(c.start, c.end);
  if (words.every((w) => SOCIAL.has(w))) return true;
  if (asks(r, c, ctx)) return false;
  const head = r.tokens[headOf(r, c)] ?? '';
  if (SUBORDINATING.has(head) || words.some((w) => SUPPOSING.has(w))) return false;
  // A verb: one of a statement's, or any word after a person ("we restart redis every night").
  const verbAt = words.findIndex((w, i) => isStatementVerb(w, ctx) || (i > 0 && PERSONS.has(words[i - 1]!)));
  if (verbAt < 0) return false;
  // "tonight, ...", "in 10 min ..." govern; "it crashed once tonight" tells what happened.
  return now || !isScheduled(words) || words.some((w) => PAST.test(w) || (FINITE.has(w) && !isPresent(w)));
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
  if (several) {
    // "redis grew to 3gb. the worker is fine. postgres is fine. restart it": of several services, the
    // one the statements do not call well, when there is one.
    const candidates = new Map<string, string[]>();
    for (const statement of statements) {
      if (saysWell(statement)) continue;
      const found = subjectReferent(statement, ctx);
      if (found === OWN) return null;
      if (found && isServiceWord(found[0]!, ctx)) candidates.set(findService(found, ctx)!.name, found);
    }
    return candidates.size === 1 ? [...candidates.values()][0]! : null;
  }
  for (let k = statements.length - 1; k >= 0; k--) {
    const found = subjectReferent(statements[k]!, ctx);
    // "my home server is acting up, reboot it": the speaker's own thing, nothing the CI runs.
    if (found === OWN) return null;
    if (found) return found;
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

// "postgres is fine", "the worker looks ok": a statement calling its subject well (not "is not fine").
function saysWell(statement: string[]): boolean {
  return statement.some((w) => WELL.has(w)) && !statement.some((w) => w === 'not' || w === 'no' || w === 'never');
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

// The request clauses, as a reading of their own; 'it' and 'its' become the referent.
function focus(r: Reading, ctx: ParseContext, clauses: Clause[]): Reading {
  const from = clauses[0]!.start;
  const refers = r.tokens.slice(from).some((w) => REFERRING.has(w));
  const referent = refers ? referentOf(r, ctx, from) : null;
  const out: Reading = { raw: '', tokens: [], typed: [], stems: [], typo: [], clauseStart: [], clauses: [] };
  for (const c of clauses) {
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
