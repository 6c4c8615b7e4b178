// Which Redis commands a recipe may send, and what each one is: a read (runs in a dry run too) or
// an action (recorded in a dry run, and only for recipes whose risk allows it).
import type { Risk } from '../../protocol';

/** The verdict on one command. */
export type RedisVerdict =
  | { ok: true; kind: 'read' | 'action'; minRisk: Risk; destructive: boolean; label: string }
  | { ok: false; reason: string };

interface Rule {
  kind: 'read' | 'action';
  minRisk: Risk;
  maxArgs: number;
  args?: RegExp;
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
  FLUSHDB: { kind: 'action', minRisk: 'destructive', maxArgs: 1, args: /^(ASYNC|SYNC)$/i },
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

/** Judges one command (`['MEMORY', 'PURGE']`) for a recipe of the given risk. */
export function judgeRedisCommand(args: unknown[], recipeRisk: Risk): RedisVerdict {
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
  const words = (args as string[]).map((a, i) => (i < 2 ? a.toUpperCase() : a));
  const first = words[0] as string;
  const key = WITH_SUBCOMMAND.has(first) ? `${first} ${words[1] ?? ''}`.trim() : first;
  const rest = WITH_SUBCOMMAND.has(first) ? words.slice(2) : words.slice(1);
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
  if (!riskAllows(recipeRisk, rule.minRisk)) {
    return {
      ok: false,
      reason: `Redis '${key}' needs a ${rule.minRisk} recipe; this recipe is declared ${recipeRisk}`,
    };
  }
  return {
    ok: true,
    kind: rule.kind,
    minRisk: rule.minRisk,
    destructive: rule.minRisk === 'destructive',
    label: [key, ...rest].join(' '),
  };
}
