// Who may call the generation endpoint (`docker serve`): a web page the user visits, another local
// user or another local port must not be able to rewrite their Dockerfile. The Host header must be the
// loopback name and port we listen on (no DNS rebinding); an Origin must be allow-listed (Tekton's UI,
// our own), and one that changes something must have one (browsers always send it on POST); the body
// must be declared JSON (which a cross-site form or no-cors fetch cannot send); and the per-run token
// must come in the X-Aish-Token header, as for `aish ui` (never a cookie). Pure.
import { timingSafeEqual } from 'node:crypto';

/** The request facts the guard looks at. */
export interface GuardedRequest {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  contentType: string | undefined;
  /** The X-Aish-Token header. */
  token: string | undefined;
}

/** A refusal: HTTP status and the one-line reason. */
export interface Refusal {
  status: number;
  error: string;
}

/** The names a loopback listener on `port` answers to. */
export function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Allowed origins: our own, Hephaestus' (HEPHAESTUS_PORT, 8080) and TEKTON_DOCKER_SERVE_ORIGINS (comma-separated). */
export function allowedOrigins(port: number, env: Record<string, string | undefined>): string[] {
  const ui = Number(env.HEPHAESTUS_PORT) || 8080;
  const extra = (env.TEKTON_DOCKER_SERVE_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);
  return [...new Set([...loopbackHosts(port), ...loopbackHosts(ui)].map((h) => `http://${h}`).concat(extra))];
}

/** Null when the request may proceed, else why not. OPTIONS (a CORS preflight) is judged on Host and Origin only. */
export function guardRequest(req: GuardedRequest, port: number, origins: string[], token: string): Refusal | null {
  const host = (req.host ?? '').toLowerCase();
  if (!loopbackHosts(port).includes(host)) {
    const expected = loopbackHosts(port).join(' or ');
    return {
      status: 421,
      error: `Host '${req.host ?? ''}' is not this server (expected ${expected}); requests through another name are refused`,
    };
  }
  if (req.origin !== undefined && !origins.includes(req.origin.replace(/\/$/, ''))) {
    const error = `Origin '${req.origin}' is not allowed; add it to TEKTON_DOCKER_SERVE_ORIGINS to let that page call this endpoint`;
    return { status: 403, error };
  }
  if (req.method === 'OPTIONS') return null;
  if (req.method !== 'GET' && req.method !== 'HEAD' && req.origin === undefined) {
    const error = `A ${req.method} without an Origin header is refused: send the page's origin (e.g. Origin: http://127.0.0.1:${port}) with the token`;
    return { status: 403, error };
  }
  if (!same(req.token, token)) {
    const error =
      "Missing or wrong token: send the one 'aish docker serve' wrote (its path is printed at start) in the X-Aish-Token header";
    return { status: 401, error };
  }
  const type = (req.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (req.method === 'POST' && type !== 'application/json') {
    const error = `Content-Type must be application/json (got '${req.contentType ?? 'none'}'); send e.g. {"force": false}`;
    return { status: 415, error };
  }
  return null;
}

function same(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
