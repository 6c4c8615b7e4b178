// The words of the catalogue (data): cues of the inspect intents with weights, and the verbs of the
// control intents. A cue matches word by word, typo-tolerant, with a couple of words in between.
import type { IntentName } from '../../protocol';

/** One way of asking for an inspect intent. */
export interface Cue {
  words: string[];
  weight: number;
  /** Words allowed between the cue's words (default 2). */
  gap?: number;
}

const cue = (phrase: string, weight = 1, gap?: number): Cue => ({ words: phrase.split(' '), weight, ...(gap !== undefined ? { gap } : {}) });
const cues = (weight: number, ...phrases: string[]): Cue[] => phrases.map((p) => cue(p, weight));

/** The intents answered from state, by cue. */
export type InspectIntent = Exclude<IntentName, 'unknown' | 'restart' | 'stop' | 'start' | 'optimize-memory' | 'run-recipe' | 'ask-peer'>;

/** The cues of every inspect intent. Weights above 1 win over a resource word in the same phrase. */
export const LEXICON: Record<InspectIntent, Cue[]> = {
  status: [
    cue('how doing', 1, 5), cue('how holding up', 1, 5), cue('status', 0.95),
    ...cues(1, 'news', 'summary', 'sitrep', 'rundown', 'how is everything', 'how are things', 'how is it going', 'how are we doing',
      'how are you doing', 'what is going on', 'what is happening', 'everything ok', 'everything fine', 'everything running', 'running smoothly', 'brief me',
      'where do things stand', 'state of affairs', 'up to', 'are services running', 'services doing'),
    ...cues(0.9, 'busy', 'idle', 'situation'),
    ...cues(0.8, 'state', 'what is up', 'report'),
    ...cues(0.9, 'overview'),
  ],
  services: [
    ...cues(0.9, 'services', 'ports'),
    ...cues(1.05, 'what runs', 'what is running inside', 'what is inside', 'components', 'declared', 'discovered', 'discover',
      'mismatch', 'manifest', 'supervise', 'supervising', 'what is deployed', 'are deployed', 'daemons', 'listening', 'listen on', 'inventory', 'what do you run',
      'servers configured', 'in the box', 'in this image', 'undeclared', 'you manage'),
  ],
  health: [
    ...cues(1, 'health', 'healthy', 'healthcheck', 'unhealthy', 'alive', 'up and running', 'probe', 'probes', 'responding', 'answer', 'reachable',
      'accepting connections', 'take queries', 'serve requests', 'passing checks', 'checks green', 'checks pass', 'sick', 'is it up', 'pings', 'respond'),
    ...cues(0.85, 'is ok', 'are ok', 'is fine', 'are fine', 'is up', 'online'),
  ],
  memory: [
    ...cues(1, 'memory', 'ram', 'mem', 'rss', 'oom', 'footprint', 'memory limit'),
  ],
  cpu: [
    ...cues(1, 'cpu', 'processor', 'cores', 'compute', 'cpu usage', 'spinning the cpu'),
    ...cues(0.7, 'load'),
  ],
  disk: [
    ...cues(1, 'disk', 'storage', 'disk space', 'space left', 'free space', 'filesystem', 'df', 'volume', 'room left', 'room on', 'space free',
      'space remaining', 'space used', 'how much space', 'write to disk'),
  ],
  processes: [
    ...cues(0.95, 'processes'),
    ...cues(1.05, 'process list', 'process tree', 'process table', 'ps', 'pid', 'pids', 'process ids', 'command line', 'commands running',
      'running commands', 'running programs', 'programs running', 'binaries', 'executing', 'ps aux', 'which process', 'every process'),
  ],
  logs: [
    ...cues(1.05, 'logs', 'log', 'logging', 'logged', 'output', 'last lines', 'tail', 'stderr', 'stdout', 'print', 'printed', 'lines', 'log entries', 'console'),
  ],
  uptime: [
    ...cues(1.1, 'uptime', 'how long', 'since when', 'up for', 'started when', 'when did start', 'when was started', 'when were started', 'running since',
      'up since', 'time since', 'how old', 'age of', 'come up', 'been up', 'been running', 'been alive', 'been online', 'boot', 'since startup', 'last restarted', 'uptimes'),
  ],
  help: [
    ...cues(1, 'help', 'what can you do', 'what do you do', 'capabilities', 'abilities', 'commands', 'what can i ask', 'what can i say',
      'how does this work', 'how to use', 'examples', 'manual', 'hints', 'instructions', 'features', 'how do i use', 'how do i talk',
      'guide me', 'what options', 'what should i type', 'what do you understand', 'what can you tell', 'what can i do', 'what questions',
      'what actions', 'what is possible', 'able to do', 'what kind of things'),
    cue('usage', 0.8),
  ],
  recipes: [
    ...cues(1.35, 'recipes', 'recipe', 'tweaks', 'fixes', 'playbooks', 'runbooks', 'remedies', 'automations', 'routines', 'maintenance',
      'optimizations', 'what scripts', 'canned actions', 'tuning options', 'what can you run'),
  ],
  diagnose: [
    ...cues(1.1, 'slow', 'slowness', 'diagnose', 'diagnosis', 'what is wrong', 'wrong', 'problem', 'problems', 'broken', 'sluggish', 'lagging',
      'laggy', 'troubleshoot', 'investigate', 'not working', 'failing', 'crashing', 'crash', 'timing out', 'stuck', 'take forever', 'debug',
      'performance', 'keeps restarting', 'keep restarting', 'going wrong', 'feels off'),
  ],
  changes: [
    ...cues(1.2, 'changed', 'changes', 'change', 'different', 'difference', 'differs', 'diff', 'what is new', 'new since', 'delta', 'shifted', 'moved',
      'compare', 'compared', 'changelog', 'anything new', 'what has been different'),
  ],
  anomalies: [
    ...cues(1.2, 'unusual', 'unusually', 'anomaly', 'anomalies', 'abnormal', 'odd', 'oddly', 'weird', 'strange', 'outlier', 'outliers', 'spike', 'spikes',
      'suspicious', 'out of the ordinary', 'irregularities', 'irregular', 'deviations', 'stands out', 'off the baseline', 'outside the normal',
      'is this normal', 'surprises', 'out of line', 'unexpected'),
  ],
};

/** Verbs (with optional particle words) of the control intents; a verb must be in its base form. */
export interface ControlVerb {
  intent: 'restart' | 'stop' | 'start';
  verb: string;
  /** Words that must follow within a few words ('shut X down'), if any. */
  particle?: string[];
  /** Words the phrase must NOT carry for this verb to count ('start ... again' is a restart). */
  unless?: string[];
}

const v = (intent: ControlVerb['intent'], verb: string, particle?: string[], unless?: string[]): ControlVerb => ({ intent, verb, ...(particle ? { particle } : {}), ...(unless ? { unless } : {}) });

/** Control verbs, most specific first. */
export const CONTROL_VERBS: ControlVerb[] = [
  v('restart', 'power', ['cycle']), v('start', 'power', ['on']), v('stop', 'power', ['down', 'off']),
  v('start', 'start', ['serving']), v('restart', 'start', ['again']), v('stop', 'stop', ['serving']), v('stop', 'stop', ['running']),
  v('restart', 'restart'), v('restart', 'reboot'), v('restart', 'bounce'), v('restart', 'relaunch'), v('restart', 'reload'), v('restart', 'recycle'),
  v('restart', 'cycle'), v('restart', 'kick'),
  v('stop', 'stop'), v('stop', 'halt'), v('stop', 'kill'), v('stop', 'terminate'), v('stop', 'shutdown'), v('stop', 'shut', ['down', 'off']),
  v('stop', 'take', ['down', 'offline']), v('stop', 'bring', ['down']), v('stop', 'turn', ['off']), v('stop', 'switch', ['off']), v('stop', 'pause'),
  v('stop', 'disable'), v('stop', 'end'),
  v('start', 'start', undefined, ['again']), v('start', 'launch'), v('start', 'boot'), v('start', 'bring', ['up', 'back', 'online']), v('start', 'spin', ['up']),
  v('start', 'turn', ['on']), v('start', 'switch', ['on']), v('start', 'fire', ['up']), v('start', 'get', ['running', 'going']), v('start', 'resume'),
  v('start', 'enable'),
];

/** "give redis a restart", "do a restart of postgres", "redis needs a restart": nouns of control. */
export const CONTROL_NOUNS: Record<string, 'restart' | 'stop' | 'start'> = { restart: 'restart', reboot: 'restart', bounce: 'restart', kick: 'restart', shutdown: 'stop' };

/** "I want the worker stopped": participles after want/need. */
export const CONTROL_PARTICIPLES: Record<string, 'restart' | 'stop' | 'start'> = { restarted: 'restart', rebooted: 'restart', bounced: 'restart', stopped: 'stop', killed: 'stop', halted: 'stop', started: 'start', launched: 'start' };

/** Verbs that free memory, and what they act on. */
export const OPTIMIZE_VERBS = ['optimize', 'optimise', 'free', 'reclaim', 'reduce', 'lower', 'trim', 'shrink', 'cut', 'release', 'give', 'clean', 'purge',
  'compact', 'defragment', 'tidy', 'squeeze', 'get', 'bring', 'make', 'minimize', 'minimise'];
export const MEMORY_NOUNS = ['memory', 'ram', 'mem'];
/** Noun forms: "run memory optimization", "memory cleanup please". */
export const OPTIMIZE_NOUNS = ['optimization', 'optimisation', 'cleanup', 'optimizing', 'optimising'];

/** Verbs that run a recipe named after them. */
export const RUN_VERBS = ['run', 'execute', 'apply', 'use', 'trigger', 'start', 'do', 'launch', 'perform', 'invoke'];
