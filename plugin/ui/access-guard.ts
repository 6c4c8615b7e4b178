// Who may talk to the UI server, decided as a value: the Host header must name this loopback
// listener (a DNS-rebound name is refused), an Origin, when sent, must be this same origin
// (cross-site pages are refused), and the per-run token must come as the cookie or a header.
import { timingSafeEqual } from 'node:crypto';
import { loopbackHosts } from '../docker/project/request-guard';

/** The facts of one request the guard looks at. */
export interface AccessRequest {
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  tokenHeader: string | undefined;
  /** `?token=` of the URL `aish ui` printed (only honoured on the page itself). */
  tokenQuery: string | null;
}

/** Refused (status and why) or allowed (and whether the token came in the URL, to be swapped for a cookie). */
export type AccessDecision = { ok: true; fromQuery: boolean } | { ok: false; status: 403 | 401; reason: string };

/** The cookie that carries the token after the first visit. */
export const COOKIE_NAME = 'aish_ui';

/** Host names that mean this machine's loopback listener (the same two `docker serve` accepts). */
export function allowedHosts(port: number): Set<string> {
  return new Set(loopbackHosts(port));
}

/** Decides one request; nothing is done for a refused one. */
export function checkAccess(req: AccessRequest, port: number, token: string): AccessDecision {
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
  const cookie = cookieValue(req.cookie, COOKIE_NAME);
  if (same(cookie, token) || same(req.tokenHeader, token)) return { ok: true, fromQuery: false };
  if (same(req.tokenQuery ?? undefined, token)) return { ok: true, fromQuery: true };
  return {
    ok: false,
    status: 401,
    reason: 'Missing or wrong token: open the URL `aish ui` printed (it carries ?token=...)',
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

/** One cookie's value from a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function same(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
