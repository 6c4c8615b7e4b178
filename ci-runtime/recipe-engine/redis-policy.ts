// Which Redis commands a recipe may send, and what each one is: a read (runs in a dry run too) or
// an action (recorded in a dry run, and only for recipes whose risk allows it). Judged on the
// command as Redis will read it: the RESP array the CI sends, decoded again (one array of bulk
// strings, nothing after it), its name and subcommand case-folded as Redis folds them.
import type { Risk } from '../../protocol';
import { decodeValue, encodeCommand } from '../clients/resp';

/** The verdict on one command; `args` are what goes on the wire when it is allowed. */
export type RedisVerdict =
  | { ok: true; kind: 'read' | 'action'; minRisk: Risk; destructive: boolean; label: string; args: string[] }
  | { ok: false; reason: string };

/** Who sends the command: FLUSHDB is the built-in clear-cache recipe's alone. */
export interface RedisSender {
  recipe: string;
  source: 'builtin' | 'project' | 'user';
  risk: Risk;
}

interface Rule {
  kind: 'read' | 'action';
  minRisk: Risk;
  maxArgs: number;
  args?: RegExp;
  /** Only this built-in recipe may send it. */
  onlyRecipe?: string;
}

// Keyed by "COMMAND" or "COMMAND SUBCOMMAND"; anything else is refused.
const RULES: Record<string, Rule> = {
  PING: { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  INFO: { kind: 'read', minRisk: 'inspect', maxArgs: 1, args: /^[a-z_]+$/i },
  DBSIZE: { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  TIME: { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  'MEMORY STATS': { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  'MEMORY DOCTOR': { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  'MEMORY MALLOC-STATS': { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  'CONFIG GET': { kind: 'read', minRisk: 'inspect', maxArgs: 1, args: /^[a-z0-9_*-]+$/i },
  'CLIENT LIST': { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  'SLOWLOG GET': { kind: 'read', minRisk: 'inspect', maxArgs: 1, args: /^\d{1,3}$/ },
  'SLOWLOG LEN': { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  'LATENCY LATEST': { kind: 'read', minRisk: 'inspect', maxArgs: 0 },
  'MEMORY PURGE': { kind: 'action', minRisk: 'control', maxArgs: 0 },
  FLUSHDB: { kind: 'action', minRisk: 'destructive', maxArgs: 1, args: /^(ASYNC|SYNC)$/i, onlyRecipe: 'clear-cache' },
};

// Commands that take over the server, run code or move data elsewhere; named so a refusal says why.
const DANGEROUS: Record<string, string> = {
  'CONFIG SET': 'changes the server (its dir and dbfilename write files anywhere Redis may)',
  'CONFIG REWRITE': 'rewrites the server config file',
  'CONFIG RESETSTAT': 'resets the statistics others read',
  MODULE: 'loads native code into the server',
  EVAL: 'runs Lua code in the server',
  EVALSHA: 'runs Lua code in the server',
  EVAL_RO: 'runs Lua code in the server',
  EVALSHA_RO: 'runs Lua code in the server',
  FCALL: 'runs a Lua function in the server',
  FCALL_RO: 'runs a Lua function in the server',
  FUNCTION: 'loads Lua code into the server',
  SCRIPT: 'loads Lua code into the server',
  DEBUG: 'can crash or stall the server',
  SLAVEOF: 'makes the server copy (and serve) another server',
  REPLICAOF: 'makes the server copy (and serve) another server',
  MIGRATE: 'moves keys to another server',
  SHUTDOWN: 'stops the server',
  FLUSHALL: 'deletes every database',
  ACL: 'changes who may log in',
  SAVE: 'writes a snapshot to disk',
  BGSAVE: 'writes a snapshot to disk',
  KEYS: "reads the app's data",
  MONITOR: 'streams every command the app sends',
};

/** Redis parameters that hold secrets: never read by a recipe, removed from CONFIG GET replies. */
export const SECRET_REDIS_CONFIG = new Set([
  'requirepass',
  'masterauth',
  'masteruser',
  'tls-key-file-pass',
  'tls-client-key-file-pass',
]);

/** A CONFIG GET reply (flat [name, value, ...]) without the secret parameters a glob matched. */
export function withoutSecretConfig(reply: unknown): unknown {
  if (!Array.isArray(reply)) return reply;
  const out: unknown[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    if (!SECRET_REDIS_CONFIG.has(String(reply[i]).toLowerCase())) out.push(reply[i], reply[i + 1]);
  }
  return out;
}

const WITH_SUBCOMMAND = new Set(['MEMORY', 'CONFIG', 'CLIENT', 'SLOWLOG', 'LATENCY']);
const RISK_ORDER: Risk[] = ['inspect', 'control', 'destructive'];

/** True when a recipe of risk `have` may do what needs `need`. */
export function riskAllows(have: Risk, need: Risk): boolean {
  return RISK_ORDER.indexOf(have) >= RISK_ORDER.indexOf(need);
}

/** Judges one command (`['MEMORY', 'PURGE']`) from `sender`, on its RESP encoding. */
export function judgeRedisCommand(args: unknown[], sender: RedisSender): RedisVerdict {
  if (
    args.length === 0 ||
    args.length > 4 ||
    !args.every((a) => typeof a === 'string' && a.length > 0 && a.length <= 64)
  ) {
    return {
      ok: false,
      reason: 'ctx.redis(service, command, ...args) takes 1 to 4 non-empty strings of at most 64 characters',
    };
  }
  const wire = encodeCommand(args as string[]);
  const decoded = decodeValue(wire);
  if (
    !decoded ||
    decoded.end !== wire.length ||
    !Array.isArray(decoded.value) ||
    !decoded.value.every((v) => typeof v === 'string')
  )
    return { ok: false, reason: 'the command does not read back as one RESP array of strings' };
  const sent = decoded.value as string[];
  const words = sent.map((a, i) => (i < 2 ? a.toUpperCase() : a));
  const first = words[0] as string;
  const key = WITH_SUBCOMMAND.has(first) ? `${first} ${words[1] ?? ''}`.trim() : first;
  const rest = WITH_SUBCOMMAND.has(first) ? words.slice(2) : words.slice(1);
  const danger = DANGEROUS[key] ?? DANGEROUS[first];
  if (danger) return { ok: false, reason: `Redis '${key}' is never allowed in a recipe: it ${danger}` };
  const rule = RULES[key];
  if (!rule)
    return {
      ok: false,
      reason: `Redis command '${key}' is not on the recipe allow-list (${Object.keys(RULES).join(', ')})`,
    };
  if (rest.length > rule.maxArgs || (rule.args && !rest.every((a) => rule.args!.test(a)))) {
    return { ok: false, reason: `Redis command '${key}' got arguments it does not allow: ${JSON.stringify(rest)}` };
  }
  if (key === 'CONFIG GET' && rest.some((a) => SECRET_REDIS_CONFIG.has(a.toLowerCase()))) {
    return {
      ok: false,
      reason: `Redis '${rest.join(' ')}' is a secret; recipes never read it (CONFIG GET of a pattern leaves secrets out)`,
    };
  }
  if (rule.onlyRecipe && (sender.recipe !== rule.onlyRecipe || sender.source !== 'builtin')) {
    return {
      ok: false,
      reason: `Redis '${key}' is sent only by the built-in '${rule.onlyRecipe}' recipe; '${sender.recipe}' (${sender.source}) may not`,
    };
  }
  if (!riskAllows(sender.risk, rule.minRisk)) {
    return {
      ok: false,
      reason: `Redis '${key}' needs a ${rule.minRisk} recipe; this recipe is declared ${sender.risk}`,
    };
  }
  return {
    ok: true,
    kind: rule.kind,
    minRisk: rule.minRisk,
    destructive: rule.minRisk === 'destructive',
    label: [key, ...rest].join(' '),
    args: sent,
  };
}
