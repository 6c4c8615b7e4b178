// The intent catalogue (ARCHITECTURE.md, contract 3): what natural language may map to, and the
// risk of each. The ci-runtime parses and acts; the plugin uses the risks to decide when to ask.

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
}
