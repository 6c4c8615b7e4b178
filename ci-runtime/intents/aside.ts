// A statement that merely contains a catalogue word is no request: the speaker's own things ("my
// laptop cpu fan sounds like a jet engine", "my disk at home is full of photos", "i have zero memory
// of writing this"), a report of the past ("i checked the logs earlier, nothing there", "the worker
// crashed on friday but it's fine now"), chatter ("lol", "tbh"). A question, or a sentence that asks
// for something ("show me ...", "can you ...", "I need ..."), is a request whatever else it holds,
// and so is a sentence about one of the container's services that reports no past. Pure.
import { findService, isServiceWord, type ParseContext } from './extract-args';
import { cueIntentsOf, isCueWord } from './parse-inspect';
import type { Reading } from './reading';
import { hasSeq, isQuestion } from './structure';

/** Words by which the speaker owns what the sentence talks about. */
const OWNED = new Set(['my', 'mine', 'personal']);
/** The speaker's own world: a sentence about these is not about the container, whatever it names. */
const PERSONAL = new Set([
  'home',
  'laptop',
  'phone',
  'pc',
  'desktop',
  'house',
  'car',
  'office',
  'kitchen',
  'brain',
  'life',
  'family',
  'kids',
  'wife',
  'husband',
  'weekend',
  'vacation',
  'holiday',
]);
/** Words that take a message back. */
const TAKEN_BACK = new Set(['nevermind', 'nvm', 'jk']);
/** Words that make a sentence chatter. */
const CHATTER = new Set(['lol', 'haha', 'hahaha', 'lmao', 'rofl', 'tbh', 'brb', 'jk', 'omg', 'lmfao', 'heh', 'hehe']);
/** Words that open a reply to what the CI said ("cool, memory looks fine now"). */
const ACKNOWLEDGING = new Set(['cool', 'nice', 'great', 'thanks', 'thank', 'awesome', 'perfect', 'sweet', 'good']);
/** Words that ask for something, wherever they stand. */
const ASKING = new Set([
  'show',
  'tell',
  'give',
  'gimme',
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
  'need',
  'want',
  'can',
  'could',
  'would',
  'please',
  'pls',
  'plz',
  'help',
  // "i was wondering how much memory ...", "i wanted to know the uptime": requests in the past tense.
  'wondering',
  'wonder',
  'hoping',
  'curious',
  'know',
  'wanted',
  'needed',
]);
/** Words that place what is said in the past. */
const PAST_TIME = new Set([
  'yesterday',
  'earlier',
  'ago',
  'last',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
]);
const PAST_VERBS = new Set([
  'was',
  'were',
  'did',
  'had',
  'went',
  'ran',
  'got',
  'broke',
  'fell',
  'hung',
  'took',
  'froze',
  'spent',
  'saw',
  'made',
  'found',
  'thought',
  'heard',
  'left',
  'came',
]);
/** Words that say it is still going on ("slow since yesterday", "still failing"). */
const ONGOING = new Set(['since', 'still', 'keeps', 'keep', 'again']);

/**
 * Whether words place what they talk about in the speaker's own world ("my home server", "the office
 * printer", "my laptop's web server"), not in the container ("my redis" is the container's).
 */
export function isSpeakersOwn(words: string[]): boolean {
  return words.some((w) => PERSONAL.has(w));
}

/** Whether the message is a statement that asks the CI nothing. */
export function isAside(r: Reading, ctx: ParseContext): boolean {
  const { tokens } = r;
  if (isQuestion(tokens, r.raw) || tokens.some((w) => ASKING.has(w))) return false;
  if (reportsThePast(tokens) || tokens.some((w) => PERSONAL.has(w))) return true;
  // "the worker is stuck, never mind", "forget it": the message takes itself back.
  if (hasSeq(tokens, ['never', 'mind']) || hasSeq(tokens, ['forget', 'it']) || tokens.some((w) => TAKEN_BACK.has(w)))
    return true;
  // "my redis is slow" is about the container's redis.
  if (findService(tokens, ctx)) return false;
  if (ownedElsewhere(r, ctx)) return true;
  if (tokens.some((w) => OWNED.has(w) || CHATTER.has(w)) || ACKNOWLEDGING.has(tokens[0] ?? '')) return true;
  // "i have zero memory of ...": the speaker's own.
  return (tokens[0] === 'i' || tokens[0] === 'we') && ['have', 'had', 'got'].includes(tokens[1] ?? '');
}

/** Intents asked for by naming a thing the container has (its memory, its logs). */
const THINGS = new Set(['memory', 'cpu', 'disk', 'logs', 'status', 'health', 'processes', 'uptime', 'services']);
/** Words after 'of'/'from' that say nothing of whose the thing is ("the logs of the last hour"). */
const LEADING = new Set(['the', 'a', 'an', 'this', 'that', 'last', 'past', 'previous', 'next', 'first', 'our', 'its']);
/** The container's own world: what its memory, logs or cpu may be of ("of the box", "from the deploy"). */
const CONTAINER_WORLD = new Set([
  'container',
  'box',
  'host',
  'machine',
  'node',
  'instance',
  'ci',
  'system',
  'server',
  'pod',
  'image',
  'all',
  'every',
  'each',
  'everything',
  'things',
  'affairs',
  'it',
  'them',
  'these',
  'those',
  'here',
  'now',
  'today',
  'yesterday',
  'tonight',
  'hour',
  'minute',
  'day',
  'week',
  'month',
  'year',
  'night',
  'morning',
  'evening',
  'deploy',
  'deployment',
  'release',
  'startup',
  'boot',
  'restart',
  'crash',
  'incident',
]);

// "the memory of last year's outage still haunts me", "the logs from the retro are in confluence":
// a word of the catalogue whose owner, after 'of' or 'from', is nothing of the container's (no
// service, no part or time of the container, no word of the catalogue): the sentence talks about
// that other thing.
function ownedElsewhere(r: Reading, ctx: ParseContext): boolean {
  const { tokens, stems } = r;
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i + 1] !== 'of' && tokens[i + 1] !== 'from') continue;
    // A thing the container has ('memory', 'logs'); "different from normal" compares, owns nothing.
    if (!cueIntentsOf(stems[i]!).some((intent) => THINGS.has(intent))) continue;
    let k = i + 2;
    while (k < tokens.length && (LEADING.has(tokens[k]!) || /^\d/.test(tokens[k]!) || isTime(stems[k]!))) k++;
    const owner = tokens[k];
    if (owner === undefined || isServiceWord(owner, ctx) || isCueWord(stems[k]!)) continue;
    if (!CONTAINER_WORLD.has(owner) && !CONTAINER_WORLD.has(stems[k]!)) return true;
  }
  return false;
}

const isTime = (s: string) =>
  CONTAINER_WORLD.has(s) && /^(hour|minute|day|week|month|year|night|morning|evening)$/.test(s);

/** Words of a problem now ("we restarted redis and now it is slow" reports a symptom). */
const PROBLEM = new Set([
  'slow',
  'broken',
  'down',
  'failing',
  'stuck',
  'dead',
  'crashing',
  'erroring',
  'lagging',
  'sluggish',
  'wrong',
  'unresponsive',
  'frozen',
  'hanging',
  'timing',
]);
const BEING = new Set(['is', 'are', 'seems', 'looks', 'feels', 'keeps', 'still']);

function statesAProblem(tokens: string[]): boolean {
  return tokens.some((w, i) => BEING.has(w) && tokens.slice(i + 1, i + 4).some((x) => PROBLEM.has(x)));
}

const isPast = (w: string) => PAST_VERBS.has(w) || (w.length > 4 && w.endsWith('ed'));

// A past verb and a time in the past, or the speaker telling what they did ("i spent all day
// reading logs", "just saw the memory talk"); nothing that says it is still so.
function reportsThePast(tokens: string[]): boolean {
  if (tokens.some((w) => ONGOING.has(w)) || statesAProblem(tokens)) return false;
  let k = 0;
  while (['i', 'we', 'just', 'also', 'already', 'actually'].includes(tokens[k] ?? '')) k++;
  if (k > 0 && k < tokens.length && isPast(tokens[k]!)) return true;
  return tokens.some(isPast) && tokens.some((w) => PAST_TIME.has(w) || w === 'morning' || w === 'night');
}
