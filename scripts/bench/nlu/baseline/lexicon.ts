// Phrases that ask for each intent, with weights (data). A phrase is matched word by word, typo-
// tolerant, allowing a couple of words in between. Control verbs only count as strong when they
// are the request itself (see parse-intent.ts).
import type { IntentName } from '../../../../protocol';

/** One way of asking for an intent. */
export interface Cue {
  words: string[];
  weight: number;
}

const cue = (phrase: string, weight = 1): Cue => ({ words: phrase.split(' '), weight });

/** The cues of every intent but `unknown`. */
export const LEXICON: Record<Exclude<IntentName, 'unknown'>, Cue[]> = {
  status: [cue('status'), cue('overview'), cue('how is everything'), cue('how are things'), cue('what is up', 0.7), cue('everything ok', 0.9), cue('everything fine', 0.9), cue('state', 0.7), cue('summary', 0.8), cue('how is it going', 0.8), cue('what is going on', 0.8), cue('running', 0.55), cue('busy', 0.8), cue('idle', 0.8)],
  services: [cue('services'), cue('what runs'), cue('what is running', 0.9), cue('which services'), cue('discovered'), cue('declared'), cue('mismatch'), cue('what is inside', 0.8), cue('components', 0.8)],
  health: [cue('health'), cue('healthy'), cue('is ok', 0.8), cue('are ok', 0.8), cue('is fine', 0.8), cue('are fine', 0.8), cue('alive', 0.9), cue('up and running', 0.8), cue('probe', 0.8), cue('responding', 0.8), cue('is it up', 0.8), cue('sick', 0.7)],
  memory: [cue('memory'), cue('ram'), cue('mem', 0.9), cue('rss', 0.9), cue('how much memory'), cue('oom', 0.8)],
  cpu: [cue('cpu'), cue('processor', 0.9), cue('load', 0.7), cue('cpu usage')],
  disk: [cue('disk'), cue('storage', 0.9), cue('disk space'), cue('space left', 0.9), cue('free space', 0.9)],
  processes: [cue('processes'), cue('process list'), cue('ps', 0.8), cue('pids', 0.9), cue('process tree')],
  logs: [cue('logs'), cue('log'), cue('output', 0.8), cue('last lines', 0.9), cue('tail', 0.8), cue('stderr', 0.9), cue('stdout', 0.9), cue('lines', 0.6)],
  uptime: [cue('uptime'), cue('how long', 0.9), cue('since when', 0.9), cue('up for', 0.8), cue('started when', 0.8)],
  help: [cue('help'), cue('what can you do'), cue('commands', 0.8), cue('capabilities'), cue('what do you do', 0.9), cue('how do i', 0.6), cue('how to', 0.6)],
  recipes: [cue('recipes', 0.8), cue('which recipes'), cue('available recipes'), cue('list recipes'), cue('recipe list')],
  diagnose: [cue('why'), cue('slow'), cue('diagnose'), cue('diagnosis'), cue('what is wrong'), cue('problem', 0.9), cue('problems', 0.9), cue('issue', 0.8), cue('broken', 0.9), cue('sluggish'), cue('lagging'), cue('laggy'), cue('troubleshoot'), cue('investigate', 0.9), cue('not working', 0.9), cue('failing', 0.8), cue('errors', 0.7)],
  restart: [cue('restart'), cue('reboot'), cue('bounce'), cue('relaunch'), cue('start again'), cue('reload', 0.9), cue('cycle', 0.6), cue('kick', 0.7)],
  stop: [cue('stop'), cue('halt'), cue('kill', 0.9), cue('shut down'), cue('shutdown'), cue('terminate'), cue('turn off', 0.9)],
  start: [cue('start'), cue('launch'), cue('bring up'), cue('boot', 0.9), cue('turn on', 0.9), cue('spin up', 0.9)],
  'optimize-memory': [cue('optimize memory'), cue('optimise memory'), cue('free memory'), cue('free up memory'), cue('reduce memory'), cue('reclaim memory'), cue('free ram'), cue('free up ram'), cue('memory optimization'), cue('lower memory', 0.9), cue('optimize', 0.7), cue('optimise', 0.7)],
  'run-recipe': [cue('run recipe'), cue('run the recipe'), cue('execute recipe'), cue('apply recipe'), cue('run', 0.7), cue('execute', 0.7), cue('apply', 0.6)],
  'ask-peer': [cue('ask'), cue('check with', 0.8), cue('query peer', 0.9)],
  changes: [], anomalies: [],
};

/** Words that negate what follows them. */
export const NEGATIONS = new Set(['not', 'never', 'no', 'without', 'dont']);

/** Words that open a question rather than an order. */
export const QUESTION_WORDS = new Set(['is', 'are', 'was', 'were', 'why', 'what', 'how', 'does', 'did', 'which', 'who', 'when', 'where', 'should', 'has', 'have']);
