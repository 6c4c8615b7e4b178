// Orders for later or on a condition ("restart redis at 2am", "once the queue drains, restart
// celery", "tomorrow morning vacuum postgres"): the CI does not schedule, so such a phrase is no
// order for now. Read from the words that place an action in time (pure).

/** Words that put the action at another time by themselves. */
const LATER = new Set([
  'tonight',
  'tomorrow',
  'later',
  'overnight',
  'eod',
  'midnight',
  'noon',
  'nightly',
  'daily',
  'weekly',
  'hourly',
  'monthly',
  'weekend',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
]);
const UNITS = /^(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|days?|weeks?|bit|while|moment|sec)$/;
const CLOCK = /^\d{1,2}(am|pm|h)?$|^\d{3,4}$|^\d+(am|pm)$/;
/** Words of an amount of time before its unit ("a few", "half an", "a couple of"). */
const AMOUNT = new Set(['a', 'an', 'few', 'half', 'couple', 'of']);
const PERIODS = new Set([
  'morning',
  'evening',
  'afternoon',
  'night',
  'week',
  'month',
  'weekend',
  'time',
  'window',
  'day',
]);
/** Words that make a condition of what follows ("once the queue drains, ..."); 'if' is a hypothetical (structure.ts). */
const CONDITIONS = new Set(['once', 'after', 'when', 'whenever', 'until', 'during']);
/** After 'when', these make a question ("when did redis start"), not a condition. */
const AUXILIARIES = new Set([
  'is',
  'are',
  'was',
  'were',
  'did',
  'does',
  'do',
  'should',
  'shall',
  'will',
  'would',
  'can',
  'could',
  'has',
  'have',
  'had',
  'must',
]);
/** "when you can", "once you get a chance": now, whenever the CI gets to it. */
const NOW_ANYWAY = new Set(['can', 'get', 'have', 'are', 'possible']);

/** Words before "at N percent" that make it a state ("memory is at 94 percent", "cpu sitting at 95 percent"). */
const STATE_BEFORE = new Set([
  'is',
  'are',
  'was',
  'were',
  'been',
  'sits',
  'sitting',
  'stays',
  'stuck',
  'already',
  'currently',
  'now',
  'still',
  'memory',
  'ram',
  'mem',
  'cpu',
  'disk',
  'load',
  'usage',
]);

// A time of day: '2am', '14', '1430'; not an amount ('20 percent', '9999').
function isClock(word: string, after: string | undefined): boolean {
  if (!CLOCK.test(word) || after === 'percent') return false;
  const n = Number.parseInt(word, 10);
  if (/[ap]m$/.test(word)) return n <= 12;
  // 'at 90' with no unit is read as a time, as before: an order never rests on a guess.
  return word.length <= 2 || (n % 100 < 60 && n < 2400);
}

/** Whether the words place the action at another time or on a condition. */
export function isScheduled(tokens: string[]): boolean {
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    const next = tokens[i + 1] ?? '';
    // "slow since 9pm", "down since monday": a time after 'since' is when it began.
    if (tokens[i - 1] === 'since') continue;
    if (LATER.has(w)) return true;
    // "at 2am", "at 14", "at midnight"; not "at once", "at all".
    if ((w === 'at' || w === 'by' || w === 'around') && (isClock(next, tokens[i + 2]) || LATER.has(next))) return true;
    // "restart the worker at 80 percent" is a threshold to wait for; "memory is at 94 percent" a state.
    if (w === 'at' && /^\d+$/.test(next) && tokens[i + 2] === 'percent' && !STATE_BEFORE.has(tokens[i - 1] ?? ''))
      return true;
    if (/^\d{1,2}(am|pm)$/.test(w)) return true;
    // "in 10 min", "in 10min", "in an hour", "in a few minutes", "in half an hour".
    if (w === 'in') {
      let k = i + 1;
      while (k < i + 4 && (/^\d+$/.test(tokens[k] ?? '') || AMOUNT.has(tokens[k] ?? ''))) k++;
      const unit = (tokens[k] ?? '').replace(/^\d+/, '');
      if (k > i + 1 || /^\d/.test(tokens[k] ?? '')) if (UNITS.test(unit)) return true;
    }
    // "at the end of the day", "end of shift", "by close of business".
    if ((w === 'end' || w === 'close') && next === 'of') {
      const period = tokens[i + 2] === 'the' ? tokens[i + 3] : tokens[i + 2];
      if (PERIODS.has(period ?? '') || ['shift', 'sprint', 'business', 'incident', 'deploy'].includes(period ?? ''))
        return true;
    }
    // "next week", "this evening", "every night", "each morning".
    if ((w === 'next' || w === 'this' || w === 'every' || w === 'each') && PERIODS.has(next)) return true;
    if ((w === 'every' || w === 'each') && UNITS.test(next)) return true;
    // A condition: "once the queue drains", "when the backup finishes", "as soon as it is done".
    if (CONDITIONS.has(w) && next !== '') {
      if (w === 'when' && AUXILIARIES.has(next)) continue;
      if (next === 'you' && NOW_ANYWAY.has(tokens[i + 2] ?? '')) continue;
      if (w === 'after' && (next === 'that' || next === 'all')) continue;
      if (w === 'once' && (next === 'more' || next === 'again')) continue;
      return true;
    }
    if (w === 'as' && next === 'soon' && tokens[i + 2] === 'as') {
      const then = tokens[i + 3] ?? '';
      if (NOW_ANYWAY.has(then) || (then === 'you' && NOW_ANYWAY.has(tokens[i + 4] ?? ''))) continue;
      return true;
    }
  }
  return false;
}
