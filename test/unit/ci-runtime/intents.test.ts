import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import type { ParseContext } from '../../../ci-runtime/intents/extract-args';

const ctx: ParseContext = {
  services: [
    { name: 'web', label: 'FastAPI', kind: 'web' },
    { name: 'redis', label: 'Redis', kind: 'redis' },
    { name: 'celery', label: 'Celery', kind: 'worker' },
  ],
  peers: ['db', 'cache'],
  recipes: [
    { name: 'clear-cache', risk: 'destructive', phrases: ['clear cache', 'flush cache'], params: ['service'] },
    { name: 'optimize-memory', risk: 'control', phrases: ['optimize memory'], params: [] },
    { name: 'vacuum-analyze', risk: 'control', phrases: ['vacuum'], params: [] },
  ],
};

describe('intent parser', () => {
  const table: Array<[string, string, Record<string, unknown>?]> = [
    // plain
    ['status', 'status'],
    ['services', 'services'],
    ['health', 'health'],
    ['memory', 'memory'],
    ['cpu', 'cpu'],
    ['disk', 'disk'],
    ['processes', 'processes'],
    ['logs', 'logs'],
    ['uptime', 'uptime'],
    ['help', 'help'],
    ['recipes', 'recipes'],
    // natural and indirect
    ['how is everything?', 'status'],
    ["what's going on in there", 'status'],
    ['which services are running?', 'services'],
    ['is redis healthy?', 'health', { service: 'redis' }],
    ['is the api alive', 'health', { service: 'web' }],
    ['is the cache ok?', 'health', { service: 'redis' }],
    ['how much memory does celery use', 'memory', { service: 'celery' }],
    ['how much ram are we using', 'memory'],
    ['how much disk space is left', 'disk'],
    ['show me the last 50 lines of the redis log', 'logs', { service: 'redis', lines: 50 }],
    ['tail 20 of the celery output', 'logs', { service: 'celery', lines: 20 }],
    ['how long has it been up', 'uptime'],
    ['what can you do', 'help'],
    ['which recipes are available', 'recipes'],
    ['why is it slow?', 'diagnose'],
    ["what's wrong with the web app", 'diagnose', { service: 'web' }],
    ['the site feels sluggish', 'diagnose'],
    // typos
    ['stauts', 'status'],
    ['memroy usage', 'memory'],
    ['helth of redis', 'health', { service: 'redis' }],
    ['shwo me the lgos of redis', 'logs', { service: 'redis' }],
    ['restrat redis', 'restart', { service: 'redis' }],
    // politeness
    ['could you please tell me the status, thanks', 'status'],
    ['please restart the celery workers', 'restart', { service: 'celery' }],
    ['would you kindly stop redis', 'stop', { service: 'redis' }],
    ['hey can you start the worker', 'start', { service: 'celery' }],
    ['optimize memory please', 'optimize-memory'],
    ['free up some memory', 'optimize-memory'],
    ['run the clear-cache recipe', 'run-recipe', { recipe: 'clear-cache' }],
    ['ask db whether the disk is full', 'ask-peer', { peer: 'db', message: 'the disk is full' }],
    // unknown: nothing of the catalogue, or nonsense
    ['what is the meaning of life', 'unknown'],
    ['banana', 'unknown'],
    ['', 'unknown'],
    ['asdf qwer zxcv', 'unknown'],
    ['ask bob about the weather', 'unknown'],
  ];

  it.each(table)('"%s" → %s', (phrase, intent, args) => {
    const p = parseIntent(phrase, ctx);
    expect(p.intent).toBe(intent);
    if (args) expect(p.args).toMatchObject(args);
    expect(p.negated).toBeUndefined();
  });

  it('sees negation and marks the phrase negated (nothing is done)', () => {
    for (const phrase of [
      "don't restart redis",
      'do not restart redis',
      'dont restart the celery workers',
      'never stop redis',
    ]) {
      const p = parseIntent(phrase, ctx);
      expect(p.negated, phrase).toBe(true);
      expect(p.risk).toBe('control');
    }
  });

  it('never turns a question or a mention into a control action', () => {
    for (const phrase of [
      'should I restart redis?',
      'how do I restart redis?',
      'why did redis restart?',
      'redis was restarted yesterday',
      'is there a way to stop celery',
    ]) {
      const p = parseIntent(phrase, ctx);
      expect(p.risk, phrase).toBe('inspect');
    }
  });

  it('does not guess a service when the phrase names none or several', () => {
    expect(parseIntent('restart', ctx).args.service).toBeUndefined();
    expect(parseIntent('restart redis and celery', ctx).args.service).toBeUndefined();
  });

  it('returns the risk of the catalogue and a confidence', () => {
    const p = parseIntent('restart redis', ctx);
    expect(p).toMatchObject({ intent: 'restart', risk: 'control', args: { service: 'redis' } });
    expect(p.confidence).toBeGreaterThan(0.5);
    expect(parseIntent('status', ctx).risk).toBe('inspect');
  });
});

describe('intent parser: polite questions that are orders', () => {
  it('treats "can you ...?" as a request, "should I ...?" as a question', () => {
    expect(parseIntent('can you restart redis?', ctx)).toMatchObject({ intent: 'restart', args: { service: 'redis' } });
    expect(parseIntent('could you please stop celery?', ctx)).toMatchObject({
      intent: 'stop',
      args: { service: 'celery' },
    });
    expect(parseIntent('should i restart redis?', ctx).risk).toBe('inspect');
    expect(parseIntent('is celery busy', ctx)).toMatchObject({ intent: 'status', args: { service: 'celery' } });
  });
});
