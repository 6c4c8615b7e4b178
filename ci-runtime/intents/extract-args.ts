// Finds what a phrase refers to (pure): which service (by name, label or kind word), how many
// lines, which peer CI, which recipe. Everything is matched on the one tokeniser's words, typos
// already corrected (reading.ts): a word matches exactly or by its stem.
import type { Risk } from '../../protocol';
import { VERB_CLASSES } from './actions';
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

// A word of a recipe's name or phrase at token i: the same word or a form of it.
function recipeWordMatch(tokens: string[], i: number, word: string): boolean {
  const t = tokens[i];
  if (t === word) return true;
  if (t === undefined) return false;
  if (t.charCodeAt(0) === word.charCodeAt(0) && stemsOf(tokens)[i] === stemOf(word)) return true;
  const kin = VERB_KIN.get(word);
  return kin !== undefined && kin === VERB_KIN.get(t);
}

// Each verb of a class → its class's first verb ('nuke' → 'clear').
const VERB_KIN = new Map(VERB_CLASSES.flatMap((c) => c.map((v) => [v, c[0]!] as const)));

const tokenStems = new WeakMap<string[], string[]>();
// The stems of a phrase's words, once per phrase (the recipe matchers ask for them word by word).
function stemsOf(tokens: string[]): string[] {
  let s = tokenStems.get(tokens);
  if (!s) {
    s = tokens.map(stem);
    tokenStems.set(tokens, s);
  }
  return s;
}

const stems = new Map<string, string>();
// Stems of catalogue words, kept: they are few, and asked for in every parse.
function stemOf(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size > 5000) stems.clear();
    s = stem(word);
    stems.set(word, s);
  }
  return s;
}

/** A recipe named by its name ('clear-cache', 'the vacuum recipe'), and where. */
export interface RecipeHit {
  recipe: RecipeRef;
  at: number;
  end: number;
  explicit: boolean;
  /** How many content words of a phrase matched (a phrase hit). */
  size?: number;
}

/** A recipe named outright: its full name, or a part of its name next to the word 'recipe'. */
export function findNamedRecipe(tokens: string[], ctx: ParseContext): RecipeHit | null {
  const recipeWord = tokens.indexOf('recipe');
  let best: RecipeHit | null = null;
  const where = wordPlaces(tokens);
  for (const r of ctx.recipes) {
    const name = words(r.name);
    // Most recipes are not named at all: look their words up before scanning for them in a row.
    const named = name.every((w) => placeOf(where, w) >= 0);
    for (let i = 0; named && i + name.length <= tokens.length; i++) {
      if (name.every((w, k) => recipeWordMatch(tokens, i + k, w)) && (!best || name.length > best.end - best.at))
        best = { recipe: r, at: i, end: i + name.length, explicit: true };
    }
    // "the vacuum recipe", "recipe called tail logs": a word of the name beside 'recipe'.
    if (!best && recipeWord >= 0) {
      const near = [recipeWord - 1, recipeWord + 1, recipeWord + 2].filter((i) => i >= 0 && i < tokens.length);
      if (name.some((w) => w.length > 3 && near.some((i) => recipeWordMatch(tokens, i, w))))
        best = { recipe: r, at: recipeWord, end: recipeWord + 1, explicit: true };
    }
  }
  return best;
}

const PHRASE_GLUE = new Set(['the', 'a', 'an', 'is', 'it', 'of', 'up', 'how', 'many', 'much']);

/** A recipe one of whose phrases the message says (every content word of it, in any order). */
export function findRecipeByPhrase(tokens: string[], ctx: ParseContext): RecipeHit | null {
  const memo = phraseHits.get(tokens);
  if (memo && memo.recipes === ctx.recipes) return memo.hit;
  const where = wordPlaces(tokens);
  let best: RecipeHit | null = null;
  for (const { recipe, need } of phrasesOf(ctx.recipes)) {
    if (best && need.length <= best.size!) continue;
    let lo = Infinity,
      hi = -1;
    for (const w of need) {
      const i = placeOf(where, w);
      if (i < 0) {
        hi = -2;
        break;
      }
      lo = Math.min(lo, i);
      hi = Math.max(hi, i);
    }
    if (hi >= 0) best = { recipe, at: lo, end: hi + 1, explicit: false, size: need.length };
  }
  phraseHits.set(tokens, { recipes: ctx.recipes, hit: best });
  return best;
}

const phraseHits = new WeakMap<string[], { recipes: RecipeRef[]; hit: RecipeHit | null }>();
const phraseLists = new WeakMap<RecipeRef[], Array<{ recipe: RecipeRef; need: string[] }>>();

// Every phrase of every recipe with its content words, once per list of recipes.
function phrasesOf(recipes: RecipeRef[]): Array<{ recipe: RecipeRef; need: string[] }> {
  let list = phraseLists.get(recipes);
  if (!list) {
    list = recipes.flatMap((recipe) =>
      recipe.phrases
        .map((p) => ({ recipe, need: words(p).filter((w) => !PHRASE_GLUE.has(w)) }))
        .filter((x) => x.need.length > 0),
    );
    phraseLists.set(recipes, list);
  }
  return list;
}

interface Places {
  word: Map<string, number>;
  stem: Map<string, number>;
  kin: Map<string, number>;
}

// Where each word, stem (with its first letter) and verb class first occurs in a phrase.
function wordPlaces(tokens: string[]): Places {
  let places = placesMemo.get(tokens);
  if (places) return places;
  places = { word: new Map(), stem: new Map(), kin: new Map() };
  placesMemo.set(tokens, places);
  const stems = stemsOf(tokens);
  tokens.forEach((t, i) => {
    if (!places!.word.has(t)) places!.word.set(t, i);
    const key = t[0] + stems[i]!;
    if (!places!.stem.has(key)) places!.stem.set(key, i);
    const kin = VERB_KIN.get(t);
    if (kin !== undefined && !places!.kin.has(kin)) places!.kin.set(kin, i);
  });
  return places;
}

const placesMemo = new WeakMap<string[], Places>();

// The first token recipeWordMatch would accept for `word`, or -1.
function placeOf(places: Places, word: string): number {
  const found = [
    places.word.get(word),
    places.stem.get(word[0] + stemOf(word)),
    places.kin.get(VERB_KIN.get(word) ?? ''),
  ].filter((i): i is number => i !== undefined);
  return found.length ? Math.min(...found) : -1;
}
