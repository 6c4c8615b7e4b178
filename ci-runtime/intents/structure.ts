// Sentence structure around an action word (pure): is the phrase an order to do it now, or a
// negation, a hypothetical, reported speech or a question about it? A control action is only ever
// proposed for an order: explicit structural evidence, never a guess from the words alone.
import type { Reading } from './reading';
import { isScheduled } from './schedule';

/** How a phrase relates to the action it mentions. */
export type Mood = 'order' | 'negated' | 'hypothetical' | 'reported' | 'question' | 'scheduled' | 'mention';

/** Words that may come before the verb of an order ("please", "can you", "go ahead and", "I want you to"). */
const PREAMBLE = new Set([
  'but',
  'please',
  'pls',
  'plz',
  'kindly',
  'hey',
  'hi',
  'hello',
  'ok',
  'okay',
  'so',
  'now',
  'quickly',
  'just',
  'then',
  'yes',
  'yeah',
  'alright',
  'right',
  'go',
  'ahead',
  'try',
  'and',
  'can',
  'could',
  'would',
  'will',
  'you',
  'i',
  'we',
  'want',
  'need',
  'to',
  'like',
  'time',
  'let',
  'us',
  'also',
  'actually',
  'immediately',
  'again',
  'the',
  'a',
  'do',
  'me',
  'help',
  'mind',
  'be',
  'so',
  'nice',
  'as',
  // "for now, flush it", "meanwhile restart the worker".
  'for',
  'meanwhile',
  // "would you be so kind as to ...", "be good enough to ...".
  'kind',
  'good',
  'enough',
]);
const NEGATIONS = new Set([
  'not',
  'never',
  'no',
  'without',
  'nothing',
  'nope',
  'avoid',
  'refrain',
  'skip',
  'cancel',
  'stop?',
]);
const NEGATION_PHRASES = [
  ['hold', 'off'],
  ['no', 'need'],
  ['under', 'no'],
  ['leave', 'alone'],
  ['rather', 'you'],
  ['never', 'mind'],
];
/** Subjects that make the verb after them a statement, not an order. */
const SUBJECTS = new Set(['i', 'we', 'they', 'he', 'she']);
/** Words anywhere that take an order back ("restart redis jk", "stop the worker, never mind"). */
const TAKEN_BACK = new Set(['jk', 'kidding', 'joking', 'nevermind', 'nvm']);
const HYPOTHETICAL = new Set([
  'if',
  'suppose',
  'supposing',
  'imagine',
  'assuming',
  'assume',
  'hypothetically',
  'pretend',
  'case',
  'theory',
  'maybe',
  'perhaps',
  'might',
  'wonder',
  'thinking',
  'supposedly',
  'consequences',
  'risky',
  'safe',
  'idea',
  'bad',
]);
const REPORTED = new Set([
  'said',
  'says',
  'say',
  'told',
  'tells',
  'wrote',
  'writes',
  'write',
  'suggested',
  'suggests',
  'mentioned',
  'mentions',
  'asked',
  'wants',
  'wanted',
  'recommends',
  'recommended',
  'according',
  'ticket',
  'runbook',
  'docs',
  'wiki',
  'notes',
  'alert',
  'email',
  'message',
  'postmortem',
  'read',
  'typed',
  'heard',
  'hearing',
  'talked',
  'article',
  'phrase',
  'word',
  'guide',
  'script',
  'cron',
  'grafana',
  'saying',
  'subject',
  'meeting',
  'vendor',
]);
/** Words of a past report; they count in the action's own clause ("the worker was stopped, start it" orders). */
const PAST = new Set(['yesterday', 'ago', 'last', 'used', 'keeps', 'was', 'were', 'got', 'earlier']);
const QUESTION_OPENERS = new Set([
  'should',
  'shall',
  'is',
  'are',
  'was',
  'were',
  'does',
  'did',
  'how',
  'why',
  'when',
  'where',
  'who',
  'what',
  'which',
  'must',
  'ought',
  'has',
  'have',
  'do',
  'can',
  'could',
  'would',
  'will',
  'whose',
]);
const POLITE = new Set(['can', 'could', 'would', 'will']);
export const MODALS: ReadonlySet<string> = new Set([
  'can',
  'could',
  'would',
  'will',
  'should',
  'might',
  'may',
  'shall',
  'must',
]);
const WH = new Set([
  'why',
  'how',
  'when',
  'where',
  'who',
  'what',
  'which',
  'whose',
  'should',
  'shall',
  'must',
  'ought',
]);
const PERSONS = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'it']);

/** Every word the mood rules read: the spelling corrector knows them (ci-runtime/intents/vocabulary.ts). */
export const STRUCTURE_WORDS: ReadonlySet<string> = new Set([
  ...PREAMBLE,
  ...NEGATIONS,
  ...NEGATION_PHRASES.flat(),
  ...HYPOTHETICAL,
  ...REPORTED,
  ...PAST,
  ...QUESTION_OPENERS,
  ...MODALS,
  ...WH,
  ...PERSONS,
  ...TAKEN_BACK,
]);

/**
 * The mood of a message for the action word at `at` (an index into its tokens): the quotes and
 * question marks of the raw text count, and the clause the word starts.
 */
export function moodAt(r: Pick<Reading, 'tokens' | 'raw' | 'clauseStart'>, at: number): Mood {
  const { tokens, raw } = r;
  const before = tokens.slice(0, at);
  if (/["\u201c\u201d]/.test(raw)) return 'reported';
  const scheduled = isScheduled(tokens);
  // "why didn't postgres start?", "how do I restart redis?": a question, even with a 'not' in it;
  // "when the backup finishes, start postgres" is an order for later.
  if (WH.has(tokens[0] ?? '') && !(scheduled && tokens[0] === 'when')) return 'question';
  if (
    before.some((w) => NEGATIONS.has(w)) ||
    NEGATION_PHRASES.some((p) => hasSeq(tokens, p)) ||
    tokens.some((w) => TAKEN_BACK.has(w)) ||
    tokens[at + 1] === 'nothing' ||
    takenBackAfter(r, at)
  )
    return 'negated';
  if (scheduled) return 'scheduled';
  if (
    tokens.some((w) => HYPOTHETICAL.has(w)) ||
    hasSeq(tokens, ['what', 'happens']) ||
    hasSeq(tokens, ['what', 'would'])
  )
    return 'hypothetical';
  if (tokens.some((w) => REPORTED.has(w))) return 'reported';
  const start = r.clauseStart[at] ?? 0;
  let end = at;
  while (end < tokens.length && (r.clauseStart[end] ?? 0) === start) end++;
  if (tokens.slice(start, end).some((w) => PAST.has(w))) return 'reported';
  // "we could restart the api later": a modal not addressed to the CI ("could you ...") is a suggestion.
  if (before.some((w, i) => MODALS.has(w) && before[i + 1] !== 'you' && !(w === 'would' && before[i + 1] === 'like')))
    return 'hypothetical';
  const first = before[0];
  const polite = first !== undefined && POLITE.has(first) && before[1] === 'you';
  // 'do' opens a question only before a person ("do I need to ..."), not in "do a restart of ...".
  const doOrder = first === 'do' && !PERSONS.has(before[1] ?? tokens[at] ?? '');
  if (first !== undefined && QUESTION_OPENERS.has(first) && !polite && !doOrder) return 'question';
  // A question mark ends a question unless the phrase is a polite request ("can you restart redis?").
  if (/\?/.test(raw) && !polite) return 'question';
  // An order starts its clause with its verb once politeness is set aside; anything else before it
  // makes a statement ("we need more free memory, free some up": the second clause is the order).
  // "I restart redis every day", "we stop the worker on fridays": a subject before the verb makes a
  // statement; "let me restart it" says the speaker will.
  if (SUBJECTS.has(tokens[at - 1] ?? '') || (tokens[at - 1] === 'me' && tokens[at - 2] === 'let')) return 'mention';
  if (tokens.slice(orderStart(r, at), at).every((w) => PREAMBLE.has(w))) return 'order';
  return 'mention';
}

/** Words of a clause that only takes back what came before ("..., actually no", "wait, don't", "scratch that"). */
const RETRACTING = new Set([
  'no',
  'nope',
  'nah',
  'not',
  'do',
  'wait',
  'actually',
  'cancel',
  'scratch',
  'that',
  'hold',
  'on',
  'abort',
  'undo',
  'belay',
  'stop',
  'second',
  'thought',
  'thoughts',
]);
/** The words of those that retract by themselves ('actually', 'that' do not). */
const RETRACTS = new Set(['no', 'nope', 'nah', 'not', 'wait', 'cancel', 'scratch', 'abort', 'undo', 'belay']);

// "restart postgres. wait, don't", "restart redis when you can... actually no": a clause after the
// order's that is nothing but a retraction takes the order back.
function takenBackAfter(r: Pick<Reading, 'tokens' | 'clauseStart'>, at: number): boolean {
  const { tokens, clauseStart } = r;
  let i = at + 1;
  while (i < tokens.length && clauseStart[i] === clauseStart[at]) i++;
  while (i < tokens.length) {
    let j = i;
    while (j < tokens.length && clauseStart[j] === clauseStart[i]) j++;
    const words = tokens.slice(i, j);
    if (words.every((w) => RETRACTING.has(w)) && words.some((w) => RETRACTS.has(w))) return true;
    i = j;
  }
  return false;
}

/** Words that open a new order inside a clause ("redis is stuck so restart it", "... please reboot it"). */
const ORDER_OPENERS = new Set(['so', 'then', 'but', 'please', 'pls', 'plz', 'kindly']);

/**
 * Where the order holding word `at` starts: its clause, or a word inside it that opens a new order.
 * The words before it are context ("the worker is stuck, restart it": what 'it' refers to).
 */
export function orderStart(r: Pick<Reading, 'tokens' | 'clauseStart'>, at: number): number {
  const start = r.clauseStart[at] ?? 0;
  for (let i = at - 1; i > start; i--) if (ORDER_OPENERS.has(r.tokens[i]!)) return i;
  return start;
}

/** Whether the phrase is a question (for intents that read state, any mood is fine). */
export function isQuestion(tokens: string[], raw: string): boolean {
  return /\?\s*$/.test(raw) || QUESTION_OPENERS.has(tokens[0] ?? '');
}

/** Whether `seq` appears as consecutive tokens. */
export function hasSeq(tokens: string[], seq: string[]): boolean {
  outer: for (let i = 0; i + seq.length <= tokens.length; i++) {
    for (let k = 0; k < seq.length; k++) if (tokens[i + k] !== seq[k]) continue outer;
    return true;
  }
  return false;
}
