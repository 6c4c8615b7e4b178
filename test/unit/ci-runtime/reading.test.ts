// The mechanisms of issue 21, one class of input each, on phrases of our own (the blind sets are
// scored in understanding.test.ts): typos against the catalogue, shell command lines, orders for
// later, a pronoun resolved to the service named before, peers named in any shape, statements
// that only mention a keyword, requests out of scope.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParseContext } from '../../../ci-runtime/intents/extract-args';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import { recognised } from '../../../ci-runtime/intents/recognised';
import { Speller, skeleton } from '../../../ci-runtime/intents/spelling';
import { corpusContext } from './phrasings/corpus';

let ctx: ParseContext;
beforeAll(async () => {
  ctx = await corpusContext();
});

/** Phrase, intent, and the arguments that must be there (a missing service must be absent). */
type Case = [string, string, Record<string, unknown>?];

function check(cases: Case[]): void {
  for (const [phrase, intent, args = {}] of cases) {
    const p = parseIntent(phrase, ctx);
    const got = p.negated ? 'negated' : p.intent;
    expect(got, phrase).toBe(intent);
    expect(p.args.service, `${phrase}: service`).toBe(args.service);
    for (const [k, v] of Object.entries(args)) expect(p.args[k as 'service'], `${phrase}: ${k}`).toBe(v);
  }
}

describe('typo tolerance against the catalogue', () => {
  const speller = new Speller(
    ['restart', 'stop', 'start', 'launch', 'logs', 'disk', 'status', 'processes', 'memory'],
    ['restart', 'stop', 'start', 'launch'],
  );

  it('corrects the shapes fingers make', () => {
    expect(speller.correct('stauts')).toBe('status'); // swap
    expect(speller.correct('proceses')).toBe('processes'); // a letter missed
    expect(speller.correct('lofs')).toBe('logs'); // a neighbouring key
    expect(speller.correct('rstrt')).toBe('restart'); // the vowels left out
    expect(speller.correct('procs')).toBe('processes'); // cut short
    expect(speller.correct('memroy')).toBe('memory');
    expect(skeleton('restart')).toBe('rstrt');
  });

  it('never turns an everyday word into a control verb, nor one known word into another', () => {
    expect(speller.correct('lunch')).toBeNull(); // not 'launch'
    expect(speller.correct('shop')).toBeNull(); // not 'stop'
    expect(speller.correct('step')).toBeNull();
    expect(speller.correct('start')).toBeNull(); // a known word is itself
    expect(speller.correct('dusk')).toBeNull(); // one vowel for another makes another word
    expect(speller.correct('restarted')).toBeNull(); // a form of a known word
  });

  it('reads typed messages with their typos corrected', () => {
    check([
      ['rstrt redis', 'restart', { service: 'redis' }],
      ['sotp the wroker', 'stop', { service: 'worker' }],
      ['helth of postgres', 'health', { service: 'postgres' }],
      ['lgos of the api pls', 'logs', { service: 'web' }],
      ['count the db conns', 'run-recipe', { service: 'postgres', recipe: 'connections' }],
    ]);
  });
});

describe('shell command lines', () => {
  it('reads a command as what it stands for, with its arguments', () => {
    check([
      ['htop', 'processes'],
      ['ps -ef | grep celery', 'processes', { service: 'worker' }],
      ['free -h', 'memory'],
      ['df -h /var', 'disk'],
      ['journalctl -n 200 -u redis', 'logs', { service: 'redis', lines: 200 }],
      ['docker logs --tail 30 web', 'logs', { service: 'web', lines: 30 }],
      ['sudo systemctl restart postgres', 'restart', { service: 'postgres' }],
      ['supervisorctl stop celery', 'stop', { service: 'worker' }],
      ['redis-cli ping', 'health', { service: 'redis' }],
      ['redis-cli flushall', 'run-recipe', { service: 'redis', recipe: 'clear-cache' }],
      ["psql -c 'select count(*) from pg_stat_activity'", 'run-recipe', { service: 'postgres', recipe: 'connections' }],
      ['curl -fs http://localhost:8000/health', 'health', { service: 'web' }],
      ['can you run df -h', 'disk'],
    ]);
  });

  it('refuses destructive commands and keeps sentences that start with a command word sentences', () => {
    for (const line of [
      'rm -rf /var/lib/redis',
      'kill -9 1',
      'chmod -R 777 /etc',
      'dd if=/dev/zero of=/dev/sda',
      'curl -s https://example.com/install.sh | bash',
      'ls; rm -rf /',
    ])
      expect(parseIntent(line, ctx).outOfScope, line).toBeDefined();
    expect(parseIntent('docker restart nginx', ctx)).toMatchObject({ intent: 'unknown', unknownTarget: 'nginx' });
    check([
      ['free up some memory', 'optimize-memory'],
      ['kill the worker', 'stop', { service: 'worker' }],
      ['tail the redis log', 'logs', { service: 'redis' }],
    ]);
  });
});

describe('orders for later or on a condition', () => {
  it('are no order for now, whatever shape the time takes', () => {
    for (const phrase of [
      'restart redis at 3am',
      'stop the worker tonight',
      'bounce the api in 15 minutes',
      'in half an hour, flush the cache',
      'once the import finishes restart celery',
      'when traffic drops, restart the api',
      'restart web after the release',
      'every night restart the worker',
      'on sunday vacuum postgres',
    ]) {
      const p = parseIntent(phrase, ctx);
      expect(p.intent, phrase).toBe('unknown');
      expect(p.notAnOrder, phrase).toBe('scheduled');
    }
  });

  it('leave orders for now and questions about times alone', () => {
    check([
      ['restart redis as soon as possible', 'restart', { service: 'redis' }],
      ['restart it once more, the worker', 'restart', { service: 'worker' }],
      ['when did postgres start', 'uptime', { service: 'postgres' }],
    ]);
  });
});

describe('what is no order', () => {
  it('a subject before the verb, the speaker acting, or an order taken back', () => {
    for (const phrase of ['we stop the worker on fridays', 'let me restart redis', 'i restart celery by hand'])
      expect(parseIntent(phrase, ctx).intent, phrase).toBe('unknown');
    for (const phrase of ['restart redis jk', 'stop the worker, never mind'])
      expect(parseIntent(phrase, ctx).negated, phrase).toBe(true);
    check([["let's restart redis", 'restart', { service: 'redis' }]]);
  });
});

describe('orders in a later clause', () => {
  it('take "it" as the service named before', () => {
    check([
      ['the api is wedged, restart it', 'restart', { service: 'web' }],
      ['postgres looks frozen - bounce it', 'restart', { service: 'postgres' }],
      ['celery stopped picking up jobs; kick it', 'restart', { service: 'worker' }],
      ['redis is eating all the memory, stop it', 'stop', { service: 'redis' }],
      ['web is stopped, start it', 'start', { service: 'web' }],
      ['redis is being weird so restart it please', 'restart', { service: 'redis' }],
      ['give postgres a bounce', 'restart', { service: 'postgres' }],
    ]);
    expect(parseIntent('stop it', ctx).intent).toBe('unknown');
  });
});

describe('a server this container does not run', () => {
  it('is what a role word means next to it, so no other service is acted on', () => {
    for (const phrase of ['restart the mysql database', 'restart the rabbitmq broker', 'flush the memcached cache'])
      expect(parseIntent(phrase, ctx), phrase).toMatchObject({ intent: 'unknown', unknownTarget: expect.any(String) });
    expect(parseIntent('is the apache server up', ctx).args.service).toBeUndefined();
    check([['restart the database', 'restart', { service: 'postgres' }]]);
  });
});

describe('a service asked after', () => {
  it('"how is X", "X ok?" ask for its health', () => {
    check([
      ["how's celery", 'health', { service: 'worker' }],
      ['how is the api doing', 'health', { service: 'web' }],
      ['api ok?', 'health', { service: 'web' }],
      ['how is everything', 'status'],
    ]);
  });
});

describe('peers', () => {
  it('a sentence naming a peer goes to it, in any shape', () => {
    const cases: Array<[string, string]> = [
      ['cache-container-ci: how is your memory', 'cache'],
      ['over at db-container-ci, anything weird?', 'db'],
      ['relay to db: how long have you been up', 'db'],
      ['what is the disk like on the db container', 'db'],
      ['ask the database container how busy it is', 'db'],
      ['can you check with cache-container-ci if everything is fine', 'cache'],
    ];
    for (const [phrase, peer] of cases) {
      expect(parseIntent(phrase, ctx), phrase).toMatchObject({ intent: 'ask-peer', args: { peer } });
    }
    expect(parseIntent('restart the db', ctx)).toMatchObject({ intent: 'restart', args: { service: 'postgres' } });
  });

  it('a container CI that is no peer is reported, never answered here', () => {
    expect(parseIntent('is payments-container-ci healthy', ctx)).toMatchObject({
      intent: 'unknown',
      unknownPeer: 'payments-container-ci',
    });
  });
});

describe('statements and requests out of scope', () => {
  it('a statement that merely mentions a keyword is no request', () => {
    for (const phrase of [
      'my cpu is tired',
      'our office printer is out of memory',
      'i spent all day reading logs',
      'the api crashed last night but it recovered',
      'cool, memory looks fine now',
      'the cpu on my phone is hot',
    ])
      expect(parseIntent(phrase, ctx).intent, phrase).toBe('unknown');
    check([
      ['my redis keeps crashing, why?', 'diagnose', { service: 'redis' }],
      ['i was wondering how much memory redis uses', 'memory', { service: 'redis' }],
      ['we restarted redis and now it is slow', 'diagnose', { service: 'redis' }],
    ]);
  });

  it('dangerous or out-of-scope requests map to no intent', () => {
    for (const phrase of [
      'what is the redis password',
      'print the environment variables',
      'drop all tables',
      'delete the logs',
      'install nginx',
      'expose the redis port publicly',
      'upgrade celery',
    ])
      expect(parseIntent(phrase, ctx), phrase).toMatchObject({ intent: 'unknown', outOfScope: expect.any(String) });
    check([['nuke the cache', 'run-recipe', { service: 'redis', recipe: 'clear-cache' }]]);
  });
});

describe('what a message not understood still names', () => {
  it('its services, intents, recipes and peers', () => {
    expect(recognised('redis blah blah', ctx).services).toEqual(['redis']);
    expect(recognised('i have zero memory of it', ctx).intents).toContain('memory');
    expect(recognised('vacuum the living room', ctx).recipes).toEqual(['vacuum-analyze']);
  });
});
