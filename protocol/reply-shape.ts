// Every reply a CI sends is checked against the protocol's shape before anyone reads it: a container
// chooses its replies, and one that leaves out a field (`status_response` without `container`) must
// be one malformed reply, not a crash of every listing that reads it (red team A09). One shape per
// reply type, checked by the one function every reader of replies goes through (socket-client.ts,
// the host's docker exec transport).
import type { Reply } from './messages';

type Check = (v: unknown) => string | null;

const str: Check = (v) => (typeof v === 'string' ? null : 'a string');
const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : 'a number');
const bool: Check = (v) => (typeof v === 'boolean' ? null : 'true or false');
const any: Check = () => null;
const nullable =
  (c: Check): Check =>
  (v) =>
    v === null ? null : c(v) && `${c(v)} or null`;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const arrayOf =
  (c: Check): Check =>
  (v) => {
    if (!Array.isArray(v)) return 'a list';
    for (const [i, item] of v.entries()) {
      const why = c(item);
      if (why) return `a list whose item ${i} is ${why}`;
    }
    return null;
  };
const mapOf =
  (c: Check): Check =>
  (v) => {
    if (!isObject(v)) return 'an object';
    for (const [k, item] of Object.entries(v)) if (c(item)) return `an object whose '${k}' is ${c(item)}`;
    return null;
  };
/** An object with these fields; a key ending in '?' may be absent (but not of another type). */
const shape =
  (fields: Record<string, Check>): Check =>
  (v) => {
    if (!isObject(v)) return 'an object';
    for (const [key, check] of Object.entries(fields)) {
      const optional = key.endsWith('?');
      const name = optional ? key.slice(0, -1) : key;
      if (optional && v[name] === undefined) continue;
      if (!(name in v)) return `an object with '${name}' (missing)`;
      const why = check(v[name]);
      if (why) return `an object whose '${name}' is ${why}`;
    }
    return null;
  };

const service = shape({
  name: str,
  kind: str,
  label: str,
  state: str,
  health: str,
  pid: nullable(num),
  ports: arrayOf(num),
  memory_bytes: nullable(num),
  cpu_percent: nullable(num),
  restarts: num,
  uptime_s: nullable(num),
  'activity?': str,
  'probe?': shape({ detail: str, latency_ms: nullable(num), at: str }),
  'supervision?': shape({ failures: num, restarts_in_window: num, max_restarts: num }),
  'anomalies?': arrayOf(shape({ service: str, metric: str, text: str })),
});
const confirmation = shape({ token: str, prompt: str, risk: str, expires_at: str, 'target?': str, 'action?': str });
const recipe = shape({ name: str, description: str, risk: str, phrases: arrayOf(str), 'applies_to?': arrayOf(str) });
const event = shape({ at: str, kind: str, detail: str, 'service?': str, 'health?': str });
// Audit entries of the first format lack some fields: the ones every format has.
const audit = shape({ at: str, recipe: str });
const isolation = shape({ node: str, uid: num, gid: num, root: bool, worker_uid: num, notes: arrayOf(str) });

/** The fields each reply type must carry, and what each must be. */
const REPLY_SHAPES: Record<Reply['type'], Record<string, Check>> = {
  pong: {},
  health_response: { status: str, services: arrayOf(service) },
  info_response: { component: str, 'version?': str, 'capabilities?': arrayOf(str), 'isolation?': isolation },
  response: { content: str, intent: str, 'args?': mapOf(any), 'confirm?': confirmation },
  status_response: {
    summary: str,
    services: arrayOf(service),
    container: shape({ memory_bytes: nullable(num), cpu_percent: nullable(num), uptime_s: num }),
    'isolation?': isolation,
  },
  services_response: {
    declared: arrayOf(str),
    discovered: arrayOf(shape({ pid: num, command: str })),
    mismatches: arrayOf(str),
  },
  parse_response: { intent: str, risk: str, confidence: num, 'args?': mapOf(any) },
  recipes_response: { recipes: arrayOf(recipe) },
  run_response: {
    recipe: str,
    dry_run: bool,
    ok: bool,
    summary: str,
    steps: arrayOf(str),
    'duration_ms?': num,
    'confirm?': confirmation,
  },
  control_response: { action: str, service: str, ok: bool, detail: str, 'confirm?': confirmation },
  catalogue_response: {
    catalogue: shape({
      intents: arrayOf(shape({ name: str, risk: str })),
      recipes: arrayOf(shape({ name: str, risk: str })),
      peers: arrayOf(str),
      services: arrayOf(shape({ name: str })),
    }),
  },
  logs_response: { service: nullable(str), lines: arrayOf(str) },
  audit_response: { entries: arrayOf(audit) },
  recipe_add_response: { recipe },
  event: { event },
  error: { code: str, message: str },
};

/** A reply as sent, or why it is not one. */
export type ReplyCheck = { ok: true; reply: Reply } | { ok: false; reason: string };

/** Checks one parsed reply line against the shape of its type. */
export function checkReply(value: unknown): ReplyCheck {
  if (!isObject(value)) return { ok: false, reason: 'the reply is not a JSON object' };
  const type = value.type;
  if (typeof type !== 'string' || !Object.hasOwn(REPLY_SHAPES, type))
    return { ok: false, reason: `the reply has no known type (${JSON.stringify(String(type)).slice(0, 40)})` };
  if (value.id !== undefined && typeof value.id !== 'string' && typeof value.id !== 'number')
    return { ok: false, reason: `a ${type} whose id is not a string or a number` };
  const why = shape(REPLY_SHAPES[type as Reply['type']])(value);
  return why ? { ok: false, reason: `a ${type} that is not ${why}` } : { ok: true, reply: value as unknown as Reply };
}
