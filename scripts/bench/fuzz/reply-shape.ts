// What a well-formed reply of the CI is (protocol/messages.ts), checked on the bytes the CI sent:
// a JSON object with a known `type` and `ai_id`, the reply type that answers the request (or an
// error with a known code and a message), and the request's id echoed when one was sent.
import type { ErrorCode, Reply, RequestType } from '../../../protocol';

// Records keyed by the protocol's unions: a reply type or error code added there must be added here.
const ANSWERS: Record<RequestType, Reply['type']> = {
  ping: 'pong',
  health: 'health_response',
  info: 'info_response',
  chat: 'response',
  status: 'status_response',
  services: 'services_response',
  parse: 'parse_response',
  recipes: 'recipes_response',
  run: 'run_response',
  control: 'control_response',
  catalogue: 'catalogue_response',
  logs: 'logs_response',
  events: 'event',
  audit: 'audit_response',
  recipe_add: 'recipe_add_response',
};
const CODES: Record<ErrorCode, true> = {
  bad_json: true,
  too_large: true,
  bad_request: true,
  unknown_type: true,
  unauthorized: true,
  not_found: true,
  confirmation_required: true,
  refused: true,
  timeout: true,
  internal: true,
};

/** What was asked on the line a reply answers (unknown for lines that were not a request object). */
export interface Asked {
  type?: string;
  id?: string | number;
  /** It carried exactly the CI's token (only then may anything but ping succeed). */
  tokenOk?: boolean;
}

/** Null for a well-formed reply to `asked`, else what is wrong with it. */
export function replyProblem(line: string, asked: Asked): string | null {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return `not JSON: ${line.slice(0, 80)}`;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  const r = v as Record<string, unknown>;
  if (typeof r.ai_id !== 'string') return 'no ai_id';
  if (r.type === 'error') {
    if (typeof r.code !== 'string' || !(r.code in CODES)) return `unknown error code ${String(r.code)}`;
    if (typeof r.message !== 'string' || !r.message) return 'error without a message';
  } else {
    const want = asked.type && asked.type in ANSWERS ? ANSWERS[asked.type as RequestType] : null;
    if (!want) return `a ${String(r.type)} reply to a line that was no valid request`;
    if (r.type !== want) return `a ${String(r.type)} reply to ${asked.type} (expected ${want})`;
    if (asked.type !== 'ping' && asked.tokenOk === false)
      return `AUTH: ${asked.type} without the right token answered ${want}`;
  }
  if (r.id !== undefined && r.id !== asked.id)
    return `reply id ${JSON.stringify(r.id)} for request id ${JSON.stringify(asked.id)}`;
  // Only a line too long to read, or a connection refused before reading, has no id to echo.
  if (asked.id !== undefined && r.id === undefined && r.code !== 'too_large' && r.code !== 'refused')
    return 'the request id was not echoed';
  return null;
}

/** The error code of a reply line, or null when it is not an error. */
export function errorCodeOf(line: string): string | null {
  try {
    const r = JSON.parse(line) as { type?: unknown; code?: unknown };
    return r.type === 'error' ? String(r.code) : null;
  } catch {
    return null;
  }
}
