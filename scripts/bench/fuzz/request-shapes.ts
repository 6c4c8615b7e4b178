// Every request type of protocol/messages.ts with its fields, and a valid request of each: the
// seeds the structure-aware mutations start from. Typed by RequestType, so a new request type in
// the protocol does not compile until it is fuzzed too.
import { CONTROL_ACTIONS, type RequestType } from '../../../protocol';
import type { SeededRandom } from './seeded-random';

/** What a field holds when it is valid. */
export type FieldKind =
  | 'chat-text'
  | 'text'
  | 'boolean'
  | 'count'
  | 'params'
  | 'action'
  | 'service'
  | 'recipe'
  | 'source';

/** One field of a request type. */
export interface FieldShape {
  kind: FieldKind;
  required: boolean;
}

const opt = (kind: FieldKind): FieldShape => ({ kind, required: false });
const req = (kind: FieldKind): FieldShape => ({ kind, required: true });

/** The fields of each request type besides `type`, `id` and `token` (which every request has). */
export const REQUEST_FIELDS: Record<RequestType, Record<string, FieldShape>> = {
  ping: {},
  health: {},
  info: {},
  status: {},
  services: {},
  recipes: {},
  catalogue: {},
  events: {},
  chat: { content: req('chat-text'), confirm: opt('text'), sender: opt('text') },
  parse: { content: req('chat-text') },
  run: {
    recipe: req('recipe'),
    params: opt('params'),
    dry_run: opt('boolean'),
    confirm: opt('text'),
    sender: opt('text'),
  },
  control: {
    action: req('action'),
    service: req('service'),
    reason: opt('text'),
    confirm: opt('text'),
    sender: opt('text'),
  },
  logs: { service: opt('service'), lines: opt('count') },
  audit: { lines: opt('count') },
  recipe_add: { source: req('source'), sender: opt('text') },
};

/** The request types, in the protocol's order. */
export const REQUEST_TYPES = Object.keys(REQUEST_FIELDS) as RequestType[];

/** What the fuzzer knows of the CI under test: its token and the names it answers to. */
export interface CiWorld {
  token: string;
  services: string[];
  recipes: string[];
}

const PHRASES = ['status', 'how is everything?', 'show the logs of web', 'memory', 'restart worker', 'help', 'disk'];

// A recipe the sandbox loads (docs/recipes.md): adding it is a real state change, so its name is
// the fuzzer's own and it only reads.
const USER_RECIPE = `module.exports = {
  name: 'fuzz-probe', description: 'fuzzer probe', risk: 'inspect', phrases: ['fuzz probe'], params: {}, applies_to: [],
  async run() { return { summary: 'fuzz probe ran' }; },
};`;

/** A valid value of a field. */
export function validValue(kind: FieldKind, world: CiWorld, rnd: SeededRandom): unknown {
  switch (kind) {
    case 'chat-text':
      return rnd.pick(PHRASES);
    case 'text':
      return rnd.pick(['fuzzer', 'a reason', '', 'x'.repeat(rnd.int(1, 40))]);
    case 'boolean':
      return rnd.chance(0.5);
    case 'count':
      return rnd.int(0, 200);
    case 'params':
      return rnd.chance(0.5) ? {} : { service: rnd.pick(world.services), lines: rnd.int(1, 50) };
    case 'action':
      return rnd.pick(CONTROL_ACTIONS);
    case 'service':
      return rnd.pick(world.services);
    case 'recipe':
      return rnd.pick(world.recipes);
    case 'source':
      return USER_RECIPE;
  }
}

/** A valid request of `type` with an id and the token; optional fields present half the time. */
export function validRequest(type: RequestType, world: CiWorld, rnd: SeededRandom): Record<string, unknown> {
  const out: Record<string, unknown> = { type, id: rnd.chance(0.5) ? rnd.int(1, 1e6) : `f-${rnd.int(1, 1e6)}` };
  if (type !== 'ping' || rnd.chance(0.5)) out.token = world.token;
  for (const [name, shape] of Object.entries(REQUEST_FIELDS[type])) {
    if (shape.required || rnd.chance(0.5)) out[name] = validValue(shape.kind, world, rnd);
  }
  // A confirmation token the CI never issued is a forgery: it must be refused, never acted on.
  if ('confirm' in out) out.confirm = rnd.chance(0.5) ? undefined : `forged-${rnd.int(1, 1e9)}`;
  // Control and chat asking for a change only ever get a confirmation question without `confirm`;
  // a dry run of a recipe changes nothing. Kept so, the fuzzer never restarts a service by design.
  if (type === 'run') out.dry_run = rnd.chance(0.8) ? true : out.dry_run;
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}
