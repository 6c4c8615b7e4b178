// The intent catalogue (ARCHITECTURE.md, contract 3): what natural language may map to, the risk of
// each, and a line of help with examples. The ci-runtime parses and acts; the plugin uses the risks
// to decide when to ask and the examples for Tab completion. Recipes and peers join the catalogue
// at run time in the CI (ci-runtime/intents/catalogue.ts).

export type Risk = 'inspect' | 'control' | 'destructive';

export const INTENT_RISK = {
  status: 'inspect',
  services: 'inspect',
  health: 'inspect',
  memory: 'inspect',
  cpu: 'inspect',
  disk: 'inspect',
  processes: 'inspect',
  logs: 'inspect',
  uptime: 'inspect',
  help: 'inspect',
  recipes: 'inspect',
  diagnose: 'inspect',
  /** What moved against the learned baselines, and what the CI did, in the last hour. */
  changes: 'inspect',
  /** Metrics far from their learned baselines now. */
  anomalies: 'inspect',
  restart: 'control',
  stop: 'control',
  start: 'control',
  'optimize-memory': 'control',
  'run-recipe': 'control',
  'ask-peer': 'control',
  unknown: 'inspect',
} as const satisfies Record<string, Risk>;

export type IntentName = keyof typeof INTENT_RISK;

export const INTENT_NAMES = Object.keys(INTENT_RISK) as IntentName[];

/** The structured control actions (request type 'control'); chat resolves words to them. */
export const CONTROL_ACTIONS = ['restart', 'stop', 'start'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** One catalogue entry: what the intent answers or does, and how people ask for it. */
export interface IntentEntry {
  name: Exclude<IntentName, 'unknown'>;
  risk: Risk;
  summary: string;
  examples: string[];
}

/** What the CI can always do (recipes and peers are added by the CI that has them). */
export const INTENT_CATALOGUE: IntentEntry[] = [
  { name: 'status', risk: 'inspect', summary: 'state of every service', examples: ['status', 'how is everything?'] },
  {
    name: 'services',
    risk: 'inspect',
    summary: 'declared versus running services',
    examples: ['services', 'what runs in here?'],
  },
  { name: 'health', risk: 'inspect', summary: 'probe results', examples: ['health', 'is redis healthy?'] },
  {
    name: 'memory',
    risk: 'inspect',
    summary: 'memory of the container and each service',
    examples: ['memory', 'how much ram does the worker use?'],
  },
  { name: 'cpu', risk: 'inspect', summary: 'CPU use', examples: ['cpu', 'cpu usage of the web app'] },
  { name: 'disk', risk: 'inspect', summary: 'free disk space', examples: ['disk', 'how much disk space is left?'] },
  { name: 'processes', risk: 'inspect', summary: 'the processes found', examples: ['processes', 'list the pids'] },
  {
    name: 'logs',
    risk: 'inspect',
    summary: "a service's output",
    examples: ['logs', 'last 50 lines of the redis log'],
  },
  {
    name: 'uptime',
    risk: 'inspect',
    summary: 'how long things have been up',
    examples: ['uptime', 'how long has postgres been up?'],
  },
  { name: 'help', risk: 'inspect', summary: 'what I can do', examples: ['help', 'what can you do?'] },
  {
    name: 'recipes',
    risk: 'inspect',
    summary: 'the recipes installed',
    examples: ['recipes', 'which recipes are there?'],
  },
  {
    name: 'diagnose',
    risk: 'inspect',
    summary: 'why something is slow or failing',
    examples: ['diagnose', 'why is it slow?'],
  },
  {
    name: 'changes',
    risk: 'inspect',
    summary: 'what changed recently, against the learned baselines',
    examples: ['what changed?', 'changes since yesterday'],
  },
  {
    name: 'anomalies',
    risk: 'inspect',
    summary: 'anything unusual against the learned baselines',
    examples: ['anything unusual?', 'anomalies'],
  },
  {
    name: 'restart',
    risk: 'control',
    summary: 'restart a service (after you confirm)',
    examples: ['restart redis', 'bounce the worker'],
  },
  { name: 'stop', risk: 'control', summary: 'stop a service (after you confirm)', examples: ['stop the worker'] },
  {
    name: 'start',
    risk: 'control',
    summary: 'start a stopped service (after you confirm)',
    examples: ['start the worker'],
  },
  {
    name: 'optimize-memory',
    risk: 'control',
    summary: 'free memory with the optimize-memory recipe',
    examples: ['optimize memory', 'free up some ram'],
  },
  {
    name: 'run-recipe',
    risk: 'control',
    summary: 'run a recipe by name or by its phrases',
    examples: ['run the clear-cache recipe', 'vacuum the database'],
  },
  { name: 'ask-peer', risk: 'control', summary: 'ask another container CI', examples: ['ask db how it is doing'] },
];

/** Arguments pulled out of a phrase ("last 50 lines of the redis log" → service, lines). */
export interface IntentArgs {
  service?: string;
  lines?: number;
  recipe?: string;
  peer?: string;
  /** The question to forward to a peer CI (ask-peer). */
  message?: string;
  params?: Record<string, string>;
}

export interface ParsedIntent {
  intent: IntentName;
  args: IntentArgs;
  risk: Risk;
  /** 0..1; below the parser's threshold the intent is 'unknown'. */
  confidence: number;
  /** Set when the phrase was negated ("don't restart redis"): nothing is done. */
  negated?: boolean;
  /**
   * Set when an action phrase was not an order for now (a question, a hypothetical, someone else's
   * words, or an order for later or on a condition, which the CI does not schedule): nothing is done.
   */
  notAnOrder?: 'question' | 'hypothetical' | 'reported' | 'scheduled';
  /** An order naming something that is no service here ("restart nginx"): the word, for the error. */
  unknownTarget?: string;
  /** A container CI named that is no peer of this one: the CI cannot reach it, and answers nothing for it. */
  unknownPeer?: string;
  /** A request the CI never does (deleting files or data, secrets, permissions, opening ports): what was asked. */
  outOfScope?: string;
}
