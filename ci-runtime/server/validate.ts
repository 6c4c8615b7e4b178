// Checks an untrusted JSON value against the request shapes (pure). Returns the request or a
// reason naming the bad field.
import { CONTROL_ACTIONS, MAX_CHAT_BYTES, type Request, type RequestType } from '../../protocol';

const TYPES: readonly RequestType[] = [
  'ping',
  'health',
  'info',
  'chat',
  'status',
  'services',
  'parse',
  'recipes',
  'run',
  'logs',
  'events',
  'audit',
  'recipe_add',
  'control',
  'catalogue',
];

/** The result of validation. */
export type Validated =
  | { ok: true; request: Request }
  | { ok: false; code: 'bad_request' | 'unknown_type' | 'too_large'; message: string };

const isStr = (v: unknown) => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || typeof v === 'string';
const optCount = (v: unknown) =>
  v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100_000);

// Chat text is parsed word by word: past a few KB it is no question but a paste, and would hold the
// event loop (issue 12: a 60 KB message held it 6 s).
const tooLong = (v: unknown) => Buffer.byteLength(v as string) > MAX_CHAT_BYTES;
const tooLarge = (type: string, content: string): Validated => ({
  ok: false,
  code: 'too_large',
  message: `${type}: "content" is ${Buffer.byteLength(content)} bytes; the limit is ${MAX_CHAT_BYTES} bytes: send a shorter message`,
});

/** Validates a parsed line. */
export function validateRequest(value: unknown): Validated {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, code: 'bad_request', message: 'a request must be a JSON object with a "type"' };
  const r = value as Record<string, unknown>;
  if (typeof r.type !== 'string') return { ok: false, code: 'bad_request', message: 'request has no string "type"' };
  if (!TYPES.includes(r.type as RequestType))
    return {
      ok: false,
      code: 'unknown_type',
      message: `unknown request type '${r.type.slice(0, 40)}'; known: ${TYPES.join(', ')}`,
    };
  // JSON.parse reads 1e999 as Infinity, which a reply would echo as null: not a usable id.
  if (r.id !== undefined && typeof r.id !== 'string' && !(typeof r.id === 'number' && Number.isFinite(r.id)))
    return { ok: false, code: 'bad_request', message: '"id" must be a string or a finite number' };
  const bad = (field: string, want: string): Validated => ({
    ok: false,
    code: 'bad_request',
    message: `${r.type}: "${field}" must be ${want}`,
  });
  switch (r.type) {
    case 'chat':
      if (!isStr(r.content)) return bad('content', 'a string');
      if (tooLong(r.content)) return tooLarge(r.type, r.content as string);
      if (!optStr(r.confirm)) return bad('confirm', 'a string');
      if (!optStr(r.sender)) return bad('sender', 'a string');
      break;
    case 'parse':
      if (!isStr(r.content)) return bad('content', 'a string');
      if (tooLong(r.content)) return tooLarge(r.type, r.content as string);
      break;
    case 'control':
      if (!CONTROL_ACTIONS.includes(r.action as never)) return bad('action', `one of ${CONTROL_ACTIONS.join(', ')}`);
      if (!isStr(r.service) || !r.service || (r.service as string).length > 200)
        return bad('service', 'a service name');
      if (!optStr(r.reason)) return bad('reason', 'a string');
      if (!optStr(r.confirm)) return bad('confirm', 'a string');
      if (!optStr(r.sender)) return bad('sender', 'a string');
      break;
    case 'run':
      if (!isStr(r.recipe) || !r.recipe) return bad('recipe', 'a recipe name');
      if (r.params !== undefined && (typeof r.params !== 'object' || r.params === null || Array.isArray(r.params)))
        return bad('params', 'an object');
      if (r.dry_run !== undefined && typeof r.dry_run !== 'boolean') return bad('dry_run', 'a boolean');
      if (!optStr(r.confirm)) return bad('confirm', 'a string');
      // It is written to the audit log (bench:fuzz: an array nested 30000 deep overflowed the stack there).
      if (!optStr(r.sender)) return bad('sender', 'a string');
      break;
    case 'logs':
      if (r.service !== undefined && r.service !== null && !isStr(r.service)) return bad('service', 'a service name');
      if (!optCount(r.lines)) return bad('lines', 'a whole number from 0 to 100000');
      break;
    case 'audit':
      if (!optCount(r.lines)) return bad('lines', 'a whole number from 0 to 100000');
      break;
    case 'recipe_add':
      if (!isStr(r.source) || !r.source) return bad('source', "the recipe file's text");
      if (!optStr(r.sender)) return bad('sender', 'a string');
      break;
  }
  return { ok: true, request: r as unknown as Request };
}
