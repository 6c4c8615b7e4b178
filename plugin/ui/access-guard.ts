// Who may talk to the UI server, decided as a value. The page's own files are public code (no data);
// everything under /api/ needs the per-run token in the X-Aish-Token header, never a cookie: browsers
// send a 127.0.0.1 cookie to every port of 127.0.0.1, so any local page or server could ride on one.
// The Host header must name this loopback listener (a DNS-rebound name is refused), an Origin, when
// sent, must be this same origin, and a request that changes something must carry that Origin
// (browsers always send it on POST; its absence means a caller that is no page of ours). The event
// stream, which a browser opens without headers, takes a short-lived single-use ticket instead.
import { timingSafeEqual } from 'node:crypto';
import { loopbackHosts } from '../docker/project/request-guard';

/** The facts of one request the guard looks at. */
export interface AccessRequest {
  method: string;
  path: string;
  host: string | undefined;
  origin: string | undefined;
  tokenHeader: string | undefined;
}

/** Allowed (as the page's public files, with the token, or as the event stream) or refused, with why. */
export type AccessDecision =
  | { ok: true; as: 'public' | 'token' | 'stream' }
  | { ok: false; status: 403 | 401; reason: string };

/** Host names that mean this machine's loopback listener (the same two `docker serve` accepts). */
export function allowedHosts(port: number): Set<string> {
  return new Set(loopbackHosts(port));
}

/** The path of the event stream; it is opened with `?ticket=` from POST /api/events/ticket. */
export const EVENTS_PATH = '/api/events';

/**
 * Decides one request; nothing is done for a refused one. `isPublic` says which paths are the page's
 * own files; `redeemTicket` spends an event-stream ticket (true once, for a live one).
 */
export function checkAccess(
  req: AccessRequest,
  port: number,
  token: string,
  opts: { isPublic: (path: string) => boolean; ticket: string | null; redeemTicket: (t: string) => boolean },
): AccessDecision {
  const hosts = allowedHosts(port);
  const host = (req.host ?? '').toLowerCase();
  if (!hosts.has(host))
    return {
      ok: false,
      status: 403,
      reason: `Host '${req.host ?? ''}' is not this server (use http://127.0.0.1:${port}/)`,
    };
  if (req.origin !== undefined && !hosts.has(originHost(req.origin))) {
    return {
      ok: false,
      status: 403,
      reason: `Origin '${req.origin}' is not allowed: only pages of http://127.0.0.1:${port} may call this server`,
    };
  }
  const reads = req.method === 'GET' || req.method === 'HEAD';
  if (!reads && req.origin === undefined)
    return {
      ok: false,
      status: 403,
      reason: `A ${req.method} without an Origin header is refused: only the page of http://127.0.0.1:${port} may change things`,
    };
  if (reads && opts.isPublic(req.path)) return { ok: true, as: 'public' };
  if (reads && req.path === EVENTS_PATH && opts.ticket !== null) {
    return opts.redeemTicket(opts.ticket)
      ? { ok: true, as: 'stream' }
      : {
          ok: false,
          status: 401,
          reason: 'That event-stream ticket is unknown, used or expired: ask POST /api/events/ticket for a new one',
        };
  }
  if (same(req.tokenHeader, token)) return { ok: true, as: 'token' };
  return {
    ok: false,
    status: 401,
    reason:
      'Missing or wrong token: open the URL `aish ui` printed (the page sends its token in the X-Aish-Token header)',
  };
}

function originHost(origin: string): string {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' ? u.host.toLowerCase() : '';
  } catch {
    return '';
  }
}

function same(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
