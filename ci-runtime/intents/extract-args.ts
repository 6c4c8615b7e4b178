// Finds what a phrase refers to (pure): which service (by name, label or kind word) and how many
// lines; what the parser may refer to (the context). Recipes: recipe-match.ts; peers: peers.ts.
// Everything is matched on the one tokeniser's words, typos already corrected (reading.ts).
import type { Risk } from '../../protocol';
import { knownWords as words, stem } from './tokens';

/** A recipe as the parser sees it: its name, risk, phrases and parameter names. */
export interface RecipeRef {
  name: string;
  risk: Risk;
  phrases: string[];
  params: string[];
  /** What the recipe does, in a sentence: the words a request may add to its phrase ("... and show memory before and after"). */
  description?: string;
}

/** What the parser may refer to: the container's services, peer CIs and recipes. */
export interface ParseContext {
  services: Array<{ name: string; label: string; kind: string }>;
  peers: string[];
  recipes: RecipeRef[];
  /** This CI's own name ('shop-container-ci'): a message naming it is for here, not for a CI out of reach. */
  self?: string;
}

/** A context naming nothing (pure parsing, tests). */
export const EMPTY_CONTEXT: ParseContext = { services: [], peers: [], recipes: [] };

/** Words people use for a kind of service (singular; a worker's plural is its processes). */
export const KIND_WORDS: Record<string, string[]> = {
  web: [
    'web',
    'api',
    'app',
    'server',
    'website',
    'site',
    'backend',
    'frontend',
    'http',
    'webapp',
    'webserver',
    'uvicorn',
    'gunicorn',
    'hypercorn',
    'django',
    'flask',
  ],
  worker: ['worker', 'queue', 'celery', 'jobs', 'job', 'tasks', 'task'],
  scheduler: ['scheduler', 'beat'],
  redis: ['redis', 'cache', 'broker'],
  postgres: ['postgres', 'postgresql', 'database', 'db', 'pg'],
  mysql: ['mysql', 'mariadb', 'database', 'db'],
  memcached: ['memcached', 'cache'],
  rabbitmq: ['rabbitmq', 'rabbit', 'broker'],
  nginx: ['nginx', 'proxy'],
};

/** Names of server products (not roles): one a container does not run makes its role words its. */
export const PRODUCTS: ReadonlySet<string> = new Set([
  'redis',
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'memcached',
  'rabbitmq',
  'nginx',
  'celery',
  'mongo',
  'mongodb',
  'kafka',
  'elasticsearch',
  'opensearch',
  'cassandra',
  'etcd',
  'consul',
  'zookeeper',
  'clickhouse',
  'influxdb',
  'minio',
  'traefik',
  'haproxy',
  'apache',
  'httpd',
  'caddy',
  'sidekiq',
  'solr',
  'couchdb',
  'sqlite',
  'mssql',
  'oracle',
  'varnish',
  'envoy',
  'keydb',
  'valkey',
  'dragonfly',
  'nats',
  'activemq',
]);

/** A service named in a phrase, and where. */
export interface ServiceHit {
  name: string;
  at: number;
}

/**
 * The one service a phrase names from token `from` on, by name, label or kind word; null when none,
 * and also when several are named ("restart redis and celery": the parser does not guess).
 */
export function findService(tokens: string[], ctx: ParseContext, from = 0): ServiceHit | null {
  const { exact, stemmed } = serviceIndex(ctx);
  // "restart the mysql database", "the rabbitmq broker": a product this container does not run is
  // what the role word ('database', 'broker') means, not the service of that role that runs here.
  const elsewhere = absentProduct(tokens, ctx) !== undefined;
  const score: number[] = [];
  const at: number[] = [];
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    const s = stem(t);
    for (const list of [exact.get(t), stemmed.get(s)]) {
      for (const e of list ?? []) {
        if (e.stemOnly && (t === s || t === e.word)) continue;
        if (elsewhere && e.score < 1) continue;
        if (e.rest && !e.rest.every((w, k) => nameMatch(tokens[i + 1 + k] ?? '', w))) continue;
        if ((score[e.service] ?? 0) < e.score) {
          score[e.service] = e.score;
          at[e.service] = i;
        }
      }
    }
  }
  let best = -1;
  let tie = false;
  for (let k = 0; k < ctx.services.length; k++) {
    if (!score[k]) continue;
    if (best < 0 || score[k]! > score[best]!) {
      best = k;
      tie = false;
    } else if (score[k] === score[best]) tie = true;
  }
  return best >= 0 && !tie ? { name: ctx.services[best]!.name, at: at[best]! } : null;
}

/** A server product the phrase names that this container does not run ('mysql' here), if any. */
export function absentProduct(tokens: string[], ctx: ParseContext): string | undefined {
  const { exact } = serviceIndex(ctx);
  return tokens.find((t) => PRODUCTS.has(t) && !exact.has(t));
}

interface IndexEntry {
  service: number;
  score: number;
  word: string;
  /** The other words of a name of several words ('celery beat'). */
  rest?: string[];
  /** Matched only through the stem of another form ('workers' → 'worker'). */
  stemOnly?: boolean;
}

const serviceIndexes = new WeakMap<
  ParseContext['services'],
  { exact: Map<string, IndexEntry[]>; stemmed: Map<string, IndexEntry[]> }
>();

// Every word that names a service (name, label, kind word), once per list of services: findService
// looks a word up instead of comparing it with every name.
function serviceIndex(ctx: ParseContext): { exact: Map<string, IndexEntry[]>; stemmed: Map<string, IndexEntry[]> } {
  let index = serviceIndexes.get(ctx.services);
  if (index) return index;
  index = { exact: new Map(), stemmed: new Map() };
  ctx.services.forEach((s, service) => {
    for (const seq of [words(s.name), words(s.label)]) {
      if (!seq.length) continue;
      const [first, ...rest] = seq as [string, ...string[]];
      const entry = { service, score: 1, word: first, ...(rest.length ? { rest } : {}) };
      pushEntry(index!.exact, first, entry);
      if (first.length >= 4 && first !== 'web') pushEntry(index!.stemmed, first, { ...entry, stemOnly: true });
    }
    for (const k of KIND_WORDS[s.kind] ?? []) {
      pushEntry(index!.exact, k, { service, score: 0.8, word: k });
      if (s.kind === 'worker') pushEntry(index!.stemmed, k, { service, score: 0.8, word: k, stemOnly: true });
    }
  });
  serviceIndexes.set(ctx.services, index);
  return index;
}

function pushEntry(map: Map<string, IndexEntry[]>, key: string, entry: IndexEntry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function nameMatch(typed: string, name: string): boolean {
  return typed === name || (name.length >= 4 && stem(typed) === name && name !== 'web');
}

/** Whether a token names any service (by name, label or kind word). */
export function isServiceWord(token: string, ctx: ParseContext): boolean {
  const { exact, stemmed } = serviceIndex(ctx);
  return exact.has(token) || exact.has(stem(token)) || stemmed.has(stem(token));
}

/** "last 50 lines", "50 lines", "tail 20" → the number. */
export function findLines(tokens: string[]): number | undefined {
  const text = tokens.join(' ');
  const m =
    /\b(?:last|latest|tail|recent|final|first)\s+(\d{1,6})\b/.exec(text) ??
    /\b(\d{1,6})\s+(?:\w+\s+)?(?:lines?|entries|rows)\b/.exec(text);
  return m ? Number(m[1]) : undefined;
}
