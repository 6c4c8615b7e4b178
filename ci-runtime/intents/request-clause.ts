// A long message often tells its context first and asks last ("redis has been flapping for 20 min
// and the alerts won't shut up. can you restart it"). The request clause (an imperative, "can you
// ...", a question) decides the intent; the statements before it only say what its pronouns refer
// to (referent.ts). Their negations, times, reports and keywords are theirs, not the request's ('won't
// shut up' is no "won't restart", 'tonight' in "took out a worker once tonight" no order for later).
// A clause that governs the request ("once the deploy is done, ...", "if it dies again, ...",
// "tonight, ...") is no context: such a message is read whole, as before. Words: request-words.ts. Pure.
import type { ParseContext } from './extract-args';
import type { Reading } from './reading';
import { referentOf } from './referent';
import {
  FINITE,
  IMPERATIVE,
  isPresent,
  isStatementVerb,
  NOW,
  OPENERS,
  PAST,
  PERSONS,
  QUESTION,
  REFERRING,
  SOCIAL,
  SUBORDINATING,
  SUPPOSING,
  TURNING,
} from './request-words';
import { isScheduled } from './schedule';
import { type Clause, knownWords, stem } from './tokens';

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
