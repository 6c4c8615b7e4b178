// Small HTTP helpers of the UI server: JSON in (bounded), JSON out, an error type that carries a status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { plainData } from '../render/plain-text';

/** An error the client caused or must act on; `status` goes on the response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a JSON object body of at most `limit` bytes ({} for an empty body). */
export async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw new HttpError(413, `request body over ${limit} bytes; send less`);
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  throw new HttpError(400, 'the body must be a JSON object');
}

/** Sends a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // Replies, logs and names came from containers: the page gets them as text (render/plain-text.ts).
  const text = JSON.stringify(plainData(body));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * The text field `name` of a JSON body ('' when absent). Anything else is a 400 naming the field:
 * String() of an object runs the client's toString, and of {"toString": 1} throws (a 500, found by
 * bench:fuzz).
 */
export function bodyText(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string')
    throw new HttpError(
      400,
      `"${name}" must be a string (got ${Array.isArray(value) ? 'an array' : `a ${typeof value}`})`,
    );
  return value;
}

/**
 * The path's segments after `prefix`, each percent-decoded once. A segment that is no valid
 * percent-encoding (`%`, `%E0%A4%A`, `%c0%af`) is the client's mistake: 400 naming it, never the 500
 * a bare decodeURIComponent's URIError would give (found by bench:fuzz).
 */
export function pathSegments(pathname: string, prefix: string): string[] {
  return pathname
    .slice(prefix.length)
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        throw new HttpError(400, `The path segment '${segment.slice(0, 80)}' is not valid percent-encoding (RFC 3986)`);
      }
    });
}

/** The message of anything thrown. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
