// Generated requests to `aish ui`, one class at a time. The refused classes (no or a wrong token, a
// foreign Host, a foreign or missing Origin, forged or spent event-stream tickets) go to every route,
// the heavy ones included: they must be refused before anything is done. The other classes carry the
// page's credentials and break the request itself (methods, content types, bodies, ids, encodings);
// they never ask for a build or a write into a project.
import {
  LIFECYCLE_ACTIONS,
  type RouteParams,
  type UiRoute,
  EVENTS_STREAM,
  UI_ROUTES,
  fillRoute,
  publicPaths,
} from './ui-routes';
import type { HttpAsk } from './http-exchange';
import { BAD_HOSTS, BAD_JSON, BAD_ORIGINS, CONTENT_TYPES, TRAVERSAL, UNICODE } from './ui-hostile-values';

import type { SeededRandom } from './seeded-random';

export const UI_CLASSES = [
  'valid',
  'no-token',
  'bad-host',
  'bad-origin',
  'ticket',
  'wrong-method',
  'content-type',
  'malformed-json',
  'huge-body',
  'path-traversal',
  'unicode',
] as const;
export type UiClass = (typeof UI_CLASSES)[number];

/** Classes whose every request must be refused (401/403) and change nothing. */
export const REFUSED_CLASSES: ReadonlySet<UiClass> = new Set(['no-token', 'bad-host', 'bad-origin', 'ticket']);

/** What the generator knows of the server under test. */
export interface UiWorld {
  port: number;
  token: string;
  container: string;
  ciName: string;
  recipes: string[];
  projectId: string;
  projectDir: string;
}

/** One generated request. A ticket placeholder (FRESH_TICKET, SPENT_TICKET) is filled when sent. */
export interface UiInput {
  cls: UiClass;
  route: string;
  ask: HttpAsk;
  mustRefuse: boolean;
}

export const FRESH_TICKET = '{fresh-ticket}';
export const SPENT_TICKET = '{spent-ticket}';

const fill = (s: string, w: UiWorld) => s.replace(/\{port\}/g, String(w.port));

function params(w: UiWorld, rnd: SeededRandom, wild: boolean): RouteParams {
  const enc = encodeURIComponent;
  return {
    name: wild ? rnd.pick([enc(w.container), enc(w.ciName), 'no-such-container']) : enc(w.container),
    recipe: enc(rnd.pick(w.recipes)),
    action: rnd.pick(LIFECYCLE_ACTIONS.filter((a) => a !== 'build')),
    question: rnd.pick(['no-such-question', '00000000-0000-4000-8000-000000000000']),
    project: wild ? rnd.pick([w.projectId, 'no-such-project']) : w.projectId,
    folder: w.projectDir,
  };
}

function credentials(w: UiWorld, method: string): Array<[string, string]> {
  const h: Array<[string, string]> = [
    ['Host', `127.0.0.1:${w.port}`],
    ['X-Aish-Token', w.token],
  ];
  if (method !== 'GET' && method !== 'HEAD') h.push(['Origin', `http://127.0.0.1:${w.port}`]);
  return h;
}

function json(method: string, route: UiRoute, p: RouteParams): Buffer[] | undefined {
  return method === 'POST' ? [Buffer.from(JSON.stringify(route.body?.(p) ?? {}))] : undefined;
}

function plainAsk(w: UiWorld, route: UiRoute, p: RouteParams): HttpAsk {
  const headers = credentials(w, route.method);
  if (route.method === 'POST') headers.push(['Content-Type', 'application/json']);
  return { method: route.method, path: fillRoute(route.pattern, p), headers, body: json(route.method, route, p) };
}

// Routes the credentialed classes use: no build, no send, no save into the project.
const LIGHT = UI_ROUTES.filter((r) => !r.heavy);

function refused(cls: UiClass, w: UiWorld, rnd: SeededRandom): UiInput {
  const route = rnd.pick(UI_ROUTES);
  const ask = plainAsk(w, route, params(w, rnd, false));
  const set = (name: string, value: string | null) => {
    ask.headers = ask.headers.filter(([k]) => k.toLowerCase() !== name.toLowerCase());
    if (value !== null) ask.headers.push([name, value]);
  };
  switch (cls) {
    case 'no-token': {
      const t = w.token;
      const query = `${ask.path.includes('?') ? '&' : '?'}token=${t}`;
      // Each way a token can be missing, wrong, or somewhere the server must not look.
      const variants: Array<() => void> = [
        () => set('X-Aish-Token', null),
        () => set('X-Aish-Token', rnd.pick(['', t.slice(1), `${t}x`, t.toUpperCase(), `${t}\u0000`, `Bearer ${t}`])),
        () => {
          set('X-Aish-Token', null);
          set('Cookie', `aish_ui=${t}; token=${t}`);
        },
        () => {
          set('X-Aish-Token', null);
          ask.path += query;
        },
        () => {
          set('X-Aish-Token', null);
          set('Authorization', `Bearer ${t}`);
        },
        () => {
          set('X-Aish-Token', null);
          set('X-Aish-Token-', t);
        },
        () => set('X-Aish-Token', `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`),
        () => set('X-Aish-Token', 'x'.repeat(rnd.pick([31, 32, 10_000]))),
        () => {
          set('X-Aish-Token', null);
          ask.headers.push(['X-Aish-Token', 'wrong'], ['X-Aish-Token', t]);
        },
      ];
      rnd.pick(variants)();
      break;
    }
    case 'bad-host': {
      const host = fill(rnd.pick(BAD_HOSTS), w);
      if (rnd.chance(0.1)) set('Host', null);
      else set('Host', host);
      break;
    }
    case 'bad-origin': {
      const origin = rnd.chance(0.3) ? null : fill(rnd.pick(BAD_ORIGINS), w);
      set('Origin', origin);
      if (ask.method === 'GET' && origin === null) set('Origin', 'http://evil.example');
      break;
    }
    default: {
      // Tickets: spent, forged, or a live one used where it opens nothing.
      const how = rnd.int(0, 7);
      ask.method = 'GET';
      ask.body = undefined;
      ask.headers = [['Host', `127.0.0.1:${w.port}`]];
      const forged = rnd.pick(['', 'x', FRESH_TICKET.slice(1), 'A'.repeat(32), '%00', `${FRESH_TICKET}%20`]);
      if (how === 0) ask.path = `${EVENTS_STREAM}?ticket=${SPENT_TICKET}`;
      else if (how === 1) ask.path = `${EVENTS_STREAM}?ticket=${forged}`;
      else if (how === 2)
        ask.path = `${rnd.pick(['/api/containers', '/api/projects', `/api/containers/${w.container}`])}?ticket=${FRESH_TICKET}`;
      else if (how === 3) {
        ask.method = 'POST';
        ask.path = `${EVENTS_STREAM}?ticket=${FRESH_TICKET}`;
        ask.headers.push(['Origin', `http://127.0.0.1:${w.port}`]);
      } else if (how === 4) ask.path = `${EVENTS_STREAM}/?ticket=${FRESH_TICKET}`;
      else if (how === 5) {
        ask.path = `${EVENTS_STREAM}?ticket=${FRESH_TICKET}`;
        ask.headers = [['Host', fill(rnd.pick(BAD_HOSTS), w)]];
      } else if (how === 6) {
        ask.path = EVENTS_STREAM;
        ask.headers.push(['X-Aish-Ticket', FRESH_TICKET]);
      } else {
        ask.method = 'POST';
        ask.path = '/api/events/ticket';
        ask.headers.push(['Origin', `http://127.0.0.1:${w.port}`]);
      }
      return { cls, route: 'ticket', ask, mustRefuse: true };
    }
  }
  return { cls, route: `${route.method} ${route.pattern}`, ask, mustRefuse: true };
}

function broken(cls: UiClass, w: UiWorld, rnd: SeededRandom): UiInput {
  const route = rnd.pick(LIGHT);
  const p = params(w, rnd, true);
  const ask = plainAsk(w, route, p);
  const post = () => {
    if (ask.method !== 'POST') {
      ask.method = 'POST';
      ask.headers = [...credentials(w, 'POST'), ['Content-Type', 'application/json']];
    }
  };
  switch (cls) {
    case 'valid':
      break;
    case 'wrong-method': {
      ask.method = rnd.pick([
        'PUT',
        'DELETE',
        'PATCH',
        'OPTIONS',
        'HEAD',
        'TRACE',
        'PROPFIND',
        'FOO',
        'get',
        'M-SEARCH',
      ]);
      ask.headers = [...credentials(w, 'POST'), ['Content-Type', 'application/json']];
      break;
    }
    case 'content-type':
      post();
      ask.headers = ask.headers.filter(([k]) => k !== 'Content-Type');
      if (rnd.chance(0.9)) ask.headers.push(['Content-Type', rnd.pick(CONTENT_TYPES)]);
      break;
    case 'malformed-json':
      post();
      ask.body = [Buffer.from(rnd.pick(BAD_JSON))];
      if (rnd.chance(0.1)) ask.body = [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])];
      break;
    case 'huge-body': {
      post();
      const size = rnd.pick([64 * 1024 + 1, 1 << 20, 8 << 20]);
      ask.body = [Buffer.from(`{"text":"`), Buffer.alloc(size, 'a'), Buffer.from('"}')];
      if (rnd.chance(0.2)) {
        ask.headers.push(['Transfer-Encoding', 'chunked']);
        ask.body = [chunked(size)];
      }
      break;
    }
    case 'path-traversal': {
      const bad = rnd.pick(TRAVERSAL);
      const filled = { ...p, name: bad, recipe: rnd.chance(0.5) ? bad : p.recipe, project: bad, question: bad };
      ask.path = rnd.chance(0.8)
        ? fillRoute(route.pattern, filled)
        : rnd.pick([
            '/api/containers/../projects',
            '/api//containers',
            '/API/containers',
            '/api/containers/x/y/z/w/v',
            '/api/',
            '/api',
            '/%2e%2e/api/projects',
            '//api/projects',
            '/api/projects/..%2f..%2f',
          ]);
      break;
    }
    default: {
      // unicode and control characters, percent-encoded or raw bytes, in ids and the query.
      const u = Array.from({ length: rnd.int(1, 4) }, () => rnd.pick(UNICODE)).join('');
      const filled = {
        ...p,
        name: `${p.name}${u}`,
        recipe: `${u}${p.recipe}`,
        project: `${u}${p.project}`,
        question: u,
      };
      ask.path = `${fillRoute(route.pattern, filled)}${rnd.chance(0.3) ? `?q=${u}&ticket=${u}` : ''}`;
      if (rnd.chance(0.15)) ask.path += Buffer.from('é\u0001', 'utf8').toString('latin1');
      if (route.method === 'POST' && rnd.chance(0.5))
        ask.body = [
          Buffer.from(
            JSON.stringify({ text: decodeURIComponentSafe(u), path: `${w.projectDir}/${decodeURIComponentSafe(u)}` }),
          ),
        ];
      break;
    }
  }
  return { cls, route: `${route.method} ${route.pattern}`, ask, mustRefuse: false };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function chunked(size: number): Buffer {
  const data = Buffer.concat([Buffer.from('{"text":"'), Buffer.alloc(size, 'a'), Buffer.from('"}')]);
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n0\r\n\r\n')]);
}

/** One request of `cls`. */
export function makeUiInput(cls: UiClass, w: UiWorld, rnd: SeededRandom): UiInput {
  return REFUSED_CLASSES.has(cls) ? refused(cls, w, rnd) : broken(cls, w, rnd);
}

/** A public file fetched without credentials (the page must load for anyone, and hold no data). */
export function publicInput(w: UiWorld, rnd: SeededRandom): UiInput {
  return {
    cls: 'valid',
    route: 'public',
    ask: { method: 'GET', path: rnd.pick(publicPaths()), headers: [['Host', `127.0.0.1:${w.port}`]] },
    mustRefuse: false,
  };
}
