// The words of the action intents (data): control verbs with their particles, their noun and
// participle forms, the verbs that free memory or run a recipe, and the words around an action's
// object that say nothing about it.

/** Verbs (with optional particle words) of the control intents; a verb must be in its base form. */
export interface ControlVerb {
  intent: 'restart' | 'stop' | 'start';
  verb: string;
  /** Words that must follow within a few words ('shut X down'), if any. */
  particle?: string[];
  /** Words the phrase must NOT carry for this verb to count ('start ... again' is a restart). */
  unless?: string[];
}

const v = (intent: ControlVerb['intent'], verb: string, particle?: string[], unless?: string[]): ControlVerb => ({
  intent,
  verb,
  ...(particle ? { particle } : {}),
  ...(unless ? { unless } : {}),
});

/** Control verbs, most specific first. */
export const CONTROL_VERBS: ControlVerb[] = [
  v('restart', 'power', ['cycle']),
  v('start', 'power', ['on']),
  v('stop', 'power', ['down', 'off']),
  v('start', 'start', ['serving']),
  v('stop', 'stop', ['serving']),
  v('stop', 'stop', ['running']),
  v('restart', 'restart'),
  v('restart', 'reboot'),
  v('restart', 'bounce'),
  v('restart', 'relaunch'),
  v('restart', 'reload'),
  v('restart', 'recycle'),
  v('restart', 'cycle'),
  v('restart', 'kick'),
  v('stop', 'stop'),
  v('stop', 'halt'),
  v('stop', 'kill'),
  v('stop', 'terminate'),
  v('stop', 'shutdown'),
  v('stop', 'shut', ['down', 'off']),
  v('stop', 'take', ['down', 'offline']),
  v('stop', 'bring', ['down']),
  v('stop', 'turn', ['off']),
  v('stop', 'switch', ['off']),
  v('stop', 'pause'),
  v('stop', 'disable'),
  v('stop', 'end'),
  // "start the cache again" starts a stopped service: said so by two writers who never saw this lexicon.
  v('start', 'start'),
  v('start', 'launch'),
  v('start', 'boot'),
  v('start', 'bring', ['up', 'back', 'online']),
  v('start', 'spin', ['up']),
  v('start', 'turn', ['on']),
  v('start', 'switch', ['on']),
  v('start', 'fire', ['up']),
  v('start', 'get', ['running', 'going']),
  v('start', 'resume'),
  v('start', 'enable'),
];

/** "give redis a restart", "do a restart of postgres", "redis needs a restart": nouns of control. */
export const CONTROL_NOUNS: Record<string, 'restart' | 'stop' | 'start'> = {
  restart: 'restart',
  reboot: 'restart',
  bounce: 'restart',
  kick: 'restart',
  shutdown: 'stop',
};

/** "I want the worker stopped": participles after want/need. */
export const CONTROL_PARTICIPLES: Record<string, 'restart' | 'stop' | 'start'> = {
  restarted: 'restart',
  rebooted: 'restart',
  bounced: 'restart',
  stopped: 'stop',
  killed: 'stop',
  halted: 'stop',
  started: 'start',
  launched: 'start',
};

/** Verbs that free memory, and what they act on. */
export const OPTIMIZE_VERBS = [
  'optimize',
  'optimise',
  'free',
  'reclaim',
  'reduce',
  'lower',
  'trim',
  'shrink',
  'cut',
  'release',
  'give',
  'clean',
  'purge',
  'compact',
  'defragment',
  'tidy',
  'squeeze',
  'get',
  'bring',
  'make',
  'minimize',
  'minimise',
];
export const MEMORY_NOUNS = ['memory', 'ram', 'mem'];
/** Noun forms: "run memory optimization", "memory cleanup please". */
export const OPTIMIZE_NOUNS = ['optimization', 'optimisation', 'cleanup', 'optimizing', 'optimising'];

/** Verbs that run a recipe named after them. */
export const RUN_VERBS = ['run', 'execute', 'apply', 'use', 'trigger', 'start', 'do', 'launch', 'perform', 'invoke'];
/** Words after an action verb that say nothing about its object. */
export const GLUE: ReadonlySet<string> = new Set([
  'the',
  'a',
  'an',
  'our',
  'all',
  'up',
  'out',
  'down',
  'again',
  'now',
  'please',
  'pls',
  'right',
  'away',
  'quickly',
  'service',
  'services',
  'process',
  'processes',
  'instance',
  'container',
  'and',
  'then',
  'for',
  'too',
  'as',
  'well',
  'immediately',
  'asap',
  'back',
  'on',
  'off',
  'go',
  'some',
  'of',
  'in',
  'here',
  'there',
  'yet',
  'one',
  'more',
  'time',
  'once',
  'thanks',
  'thank',
  'you',
  'kindly',
  'offline',
  'online',
  'running',
  'going',
  'serving',
  'cycle',
  'tables',
  'table',
  'data',
  'keys',
  'it',
  'with',
  'everything',
  'them',
  'this',
  'that',
  'fully',
  'gracefully',
  'safely',
  'hard',
  'soft',
]);
/** Object words that refer to something, but to nothing the CI knows without a service ('restart it'). */
export const PRONOUNS: ReadonlySet<string> = new Set(['it', 'everything', 'them', 'this', 'that', 'all']);

/** The control verbs, as words. */
export const VERB_WORDS: ReadonlySet<string> = new Set(CONTROL_VERBS.map((c) => c.verb));

/**
 * Verbs that do the same thing to what they act on: a recipe phrase said with any of them is that
 * phrase ("nuke the cache" is "clear the cache"; "bounce the workers" is "restart the workers").
 */
export const VERB_CLASSES: ReadonlyArray<readonly string[]> = [
  // Not 'reset': "reset the worker" is said for a restart as often as for emptying.
  ['clear', 'flush', 'wipe', 'empty', 'purge', 'nuke', 'erase', 'delete', 'drop', 'zap'],
  ['restart', 'bounce', 'recycle', 'reboot', 'cycle', 'kick', 'relaunch'],
  ['show', 'list', 'display', 'print', 'get', 'give', 'see', 'check'],
  ['count', 'tally', 'number'],
  // Not verbs, but words that stand for each other in recipe phrases the same way.
  ['connected', 'hooked', 'attached', 'linked', 'plugged'],
  ['clients', 'connections', 'sessions'],
];

/** Verbs that destroy what they act on: never done, except by a recipe that says so. */
export const DESTROY_VERBS: ReadonlySet<string> = new Set([
  ...VERB_CLASSES[0]!,
  'truncate',
  'destroy',
  'remove',
  'rm',
  'format',
  'shred',
  'overwrite',
]);
