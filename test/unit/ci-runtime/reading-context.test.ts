// The mechanisms of issue 21's second round, one class of input each, on phrases of our own (blind
// set B, which showed the classes, is scored in understanding.test.ts): long messages whose request
// comes last, other tools' vocabulary, recipes named loosely, statements about things that are not
// the container, question shapes, peers addressed in chat's ways.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParseContext } from '../../../ci-runtime/intents/extract-args';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import { read } from '../../../ci-runtime/intents/reading';
import { requestPart } from '../../../ci-runtime/intents/request-clause';
import { Speller } from '../../../ci-runtime/intents/spelling';
import { corpusContext } from './phrasings/corpus';

let ctx: ParseContext;
beforeAll(async () => {
  ctx = await corpusContext();
});

/** Phrase, intent ('negated' for an action the CI says it won't do), and the arguments that must be there. */
type Case = [string, string, Record<string, unknown>?];

function check(cases: Case[]): void {
  for (const [phrase, intent, args = {}] of cases) {
    const p = parseIntent(phrase, ctx);
    expect(p.negated ? 'negated' : p.intent, phrase).toBe(intent);
    expect(p.args.service, `${phrase}: service`).toBe(args.service);
    for (const [k, v] of Object.entries(args)) expect(p.args[k as 'service'], `${phrase}: ${k}`).toBe(v);
  }
}

/** Phrases on which nothing may be done (no intent, or an action negated). */
function nothingDone(phrases: string[]): void {
  for (const phrase of phrases) {
    const p = parseIntent(phrase, ctx);
    expect(p.intent === 'unknown' || p.negated === true || p.risk === 'inspect', phrase).toBe(true);
  }
}

describe('a long message: context first, the request last', () => {
  it('the request clause decides the intent; the statements before it resolve its pronouns', () => {
    check([
      [
        'the worker ate all the ram overnight. can you check how much memory it uses now',
        'memory',
        { service: 'worker' },
      ],
      ['fyi ops restarted the worker at 3. is it healthy', 'health', { service: 'worker' }],
      ['the api keeps throwing 503s and users are angry, restart it please', 'restart', { service: 'web' }],
      ['pager went off for redis latency again. how long has it been up', 'uptime', { service: 'redis' }],
      [
        'the cache has been serving stale carts all morning. wipe it',
        'run-recipe',
        { recipe: 'clear-cache', service: 'redis' },
      ],
      ['ram is at 97 percent and swap is thrashing. free some of it', 'optimize-memory'],
      ['redis will not stop complaining about memory. free some up', 'optimize-memory'],
    ]);
  });

  it("keeps the context's negations, reports and times out of the request", () => {
    check([
      ['postgres has been flapping and the alerts will not stop. restart it', 'restart', { service: 'postgres' }],
      ['nobody touched redis today, show me its logs', 'logs', { service: 'redis' }],
      ['the worker got OOM-killed once tonight. restart it', 'restart', { service: 'worker' }],
      ['the site has been slow since 9pm, restart it', 'restart', { service: 'web' }],
      ['the db is at 90% disk. vacuum it', 'run-recipe', { recipe: 'vacuum-analyze', service: 'postgres' }],
    ]);
  });

  it('takes the subject of the latest statement, and guesses nothing when several services could be meant', () => {
    check([
      ["postgres is fine, the worker isn't. restart it", 'restart', { service: 'worker' }],
      ['the worker is fine but redis is stuck, restart it', 'restart', { service: 'redis' }],
    ]);
    check([
      // Of several services, the one the statements do not call well.
      ['the worker is down. postgres is fine. start it', 'start', { service: 'worker' }],
      [
        'redis grew to 3gb in an hour. the worker is fine. postgres is fine. restart it',
        'restart',
        { service: 'redis' },
      ],
    ]);
    for (const phrase of [
      'redis is fine and the alerts are about the worker, restart it',
      'redis and postgres are slow, restart them',
    ])
      expect(parseIntent(phrase, ctx).args.service, phrase).toBeUndefined();
  });

  it('greetings are context too; a request may start after but/so; one said for now is for now', () => {
    check([
      [
        "sorry to bother, i know it's late, but checkout is timing out and i'm not sure where to start. could you show me the last 20 lines of the api logs?",
        'logs',
        { service: 'web', lines: 20 },
      ],
      ['the queue is stuck again so restart the worker', 'restart', { service: 'worker' }],
      [
        "the cache is stale again, we'll fix the ttl tomorrow but for now can you flush it",
        'run-recipe',
        { recipe: 'clear-cache', service: 'redis' },
      ],
      ['we bounce redis every night. can you restart it now', 'restart', { service: 'redis' }],
    ]);
  });

  it('a clause that governs the request (a condition, a time, a supposition) is no context', () => {
    nothingDone([
      'if the worker is stuck, restart it',
      'the db is fine. tonight restart it',
      'celery crashed at 2am, restart it at 3am',
      'once the import is done, flush the cache',
      'the job queue is stuck. maybe restart the worker',
      'web is down. my manager said to restart it',
      'the worker is mid-batch. do not restart it',
    ]);
    expect(requestPart(read('once the import is done, flush the cache', ctx), ctx)).toBeNull();
  });

  it("a request about the speaker's own things acts on nothing the CI runs", () => {
    nothingDone(['my home server is acting up, reboot it', "stop my laptop's web server"]);
    check([['restart the wed app (sorry, phone autocorrect)', 'restart', { service: 'web' }]]);
  });
});

describe("other tools' vocabulary", () => {
  it('reads their command lines as what they stand for', () => {
    check([
      ['heroku ps:restart web', 'restart', { service: 'web' }],
      ['heroku ps:stop worker', 'stop', { service: 'worker' }],
      ['heroku ps', 'services'],
      ['SELECT count(*) FROM pg_stat_activity;', 'run-recipe', { recipe: 'connections', service: 'postgres' }],
      ['redis-cli memory purge', 'optimize-memory', { service: 'redis' }],
      ['redis-cli --bigkeys', 'memory', { service: 'redis' }],
      ['netstat -tlnp', 'services'],
    ]);
    for (const line of ['heroku ps:scale web=5', 'delete from orders;', 'UPDATE users SET admin = true;'])
      expect(parseIntent(line, ctx).outOfScope, line).toBeDefined();
    // "show memory" is a sentence, not SQL.
    check([['show memory', 'memory']]);
  });

  it('a remark after a command picks what it shows, or takes it back', () => {
    check([
      ['kubectl top pods, memory only', 'memory'],
      ['htop, sorted by cpu', 'cpu'],
      ['docker stats --no-stream, just the cpu please', 'cpu'],
    ]);
    nothingDone(['systemctl restart redis, no wait']);
  });

  it('takes their words in sentences', () => {
    check([
      ['hit the /readyz of the api', 'health', { service: 'web' }],
      ['curl the backend for me', 'health', { service: 'web' }],
      ['MEMORY PURGE for the worker', 'optimize-memory', { service: 'worker' }],
      ['free redis memory', 'optimize-memory', { service: 'redis' }],
    ]);
  });
});

describe('recipes named loosely', () => {
  it("a name typed as one word names the recipe, in any frame; an intent's name is the intent", () => {
    check([
      ['do the vacuum-analyze thing', 'run-recipe', { recipe: 'vacuum-analyze' }],
      ['the clear-cache recipe, now', 'run-recipe', { recipe: 'clear-cache' }],
      ['please run the optimize-memory recipe', 'optimize-memory'],
    ]);
    nothingDone(['did anyone do the restart-workers thing', "don't do the clear-cache thing"]);
  });
});

describe('statements about something that is not the container', () => {
  it('a thing the container has, owned by something else, is talk about that thing', () => {
    nothingDone([
      'the memory of that conference talk',
      'the logs from the standup are on the wiki',
      'the memory of my first on-call still haunts me',
    ]);
    check([
      ['give me the logs from the retro', 'logs'],
      ['logs from the deploy', 'logs'],
      ['the cpu of the box', 'cpu'],
      ['memory of the worker', 'memory', { service: 'worker' }],
    ]);
  });

  it('an action the speaker denies, or a noun of an action, is no order', () => {
    check([
      ['not stopping anything until the rollback is done', 'negated'],
      ["we're not restarting the worker", 'negated', { service: 'worker' }],
      ['after the restart redis looks fine. whats the uptime', 'uptime', { service: 'redis' }],
      ['do the restart of postgres', 'restart', { service: 'postgres' }],
    ]);
    nothingDone(['what does the restart command do', 'the worker is stuck, never mind']);
  });
});

describe('question shapes', () => {
  it('for the uptime, the services, the status, anomalies and causes', () => {
    check([
      ['when did the celery worker last restart', 'uptime', { service: 'worker' }],
      ['what time did postgres start', 'uptime', { service: 'postgres' }],
      ['what lives in here', 'services'],
      ['which apps are in here', 'services'],
      ['how are we looking overall', 'status'],
      ['all green?', 'status'],
      ['does redis look normal', 'anomalies', { service: 'redis' }],
      ['anything seem off with the worker', 'anomalies', { service: 'worker' }],
      ["what's causing the 500s on the api", 'diagnose', { service: 'web' }],
      ['root cause?', 'diagnose'],
      ['who is to blame for the latency', 'diagnose'],
      ['check on the worker', 'health', { service: 'worker' }],
      ['postgres?', 'health', { service: 'postgres' }],
      // A look asked for after statements looks for what they tell.
      ['the worker seems slow. check it', 'diagnose', { service: 'worker' }],
    ]);
  });

  it('a message naming this CI itself is for here', () => {
    check([
      ['how is everything on shop-container-ci', 'status'],
      ['@shop-container-ci uptime?', 'uptime'],
    ]);
  });
});

describe('peers addressed the way chat does', () => {
  it('a handle, an apposition, the other container, a question handed on', () => {
    const cases: Array<[string, string]> = [
      ['@db how full is your disk', 'db'],
      ['hey @cache-container-ci, memory?', 'cache'],
      ['could the other box, cache-container-ci, tell us its uptime', 'cache'],
      ["forward 'how busy are you' to db", 'db'],
      ['aks db what changed', 'db'],
    ];
    for (const [phrase, peer] of cases)
      expect(parseIntent(phrase, ctx), phrase).toMatchObject({ intent: 'ask-peer', args: { peer } });
    // Someone else's handle, or 'the other container' with two peers: nobody the CI can ask, nothing done here.
    expect(parseIntent('@alice can you restart redis', ctx)).toMatchObject({ intent: 'unknown', unknownPeer: 'alice' });
    expect(parseIntent("what's the other container up to", ctx)).toMatchObject({ intent: 'unknown' });
  });
});

describe('typo shapes', () => {
  it('a letter for one that sounds the same, a double on the letter beside', () => {
    const speller = new Speller(['ask', 'disk', 'vacuum', 'logs'], ['vacuum']);
    expect(speller.correct('asc')).toBe('ask');
    expect(speller.correct('disc')).toBe('disk');
    expect(speller.correct('vaccum')).toBe('vacuum');
    expect(speller.correct('vacum')).toBe('vacuum');
  });
});
