// What a pronoun of a request refers to, from the statements before it (pure): the subject of the
// latest one that names something, the one service they do not call well, the one service they name,
// or the web service when they tell a symptom only a web app shows. Nothing when the speaker talks
// about their own things, or when two services could be meant.
import { MEMORY_NOUNS } from './actions';
import { isSpeakersOwn } from './aside';
import { findService, isServiceWord, type ParseContext } from './extract-args';
import { peerAt } from './peers';
import type { Reading } from './reading';
import { isStatementVerb, WELL } from './request-words';
import { type Clause, knownWords } from './tokens';

/**
 * What the context is about, as a pronoun of the request refers to it: the subject of its latest
 * statement that has one (a peer's container, a service, memory), walking back; only the latest when
 * the context names several services ("the worker is fine but redis is stuck, restart it" is redis;
 * "redis is fine and the alerts are about the worker, restart it" is left unresolved). Else the one
 * service it names, else the web service when it tells a symptom only a web app shows (a page taking
 * seconds to load, HTTP 5xx answers, failing requests or endpoints).
 */
export function referentOf(r: Reading, ctx: ParseContext, upTo: number): string[] | null {
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
