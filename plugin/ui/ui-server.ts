// `aish ui`'s server: one page (Projects and Containers), its JSON API and an event stream, on
// 127.0.0.1 only. Every request passes the access guard first; a refused one does nothing.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHostDeps, type HostDeps } from '../host';
import { CommandError } from '../plugin-api';
import { CiMonitor } from '../monitor/monitor';
import { senderName, stateDir as resolveStateDir } from '../tekton/env';
import { loopbackHosts } from '../docker/project/request-guard';
import { EVENTS_PATH, checkAccess } from './access-guard';
import { EventTickets } from './event-tickets';
import { startJob } from './build-jobs';
import { containerDetail, lifecycle, listContainers, talk } from './container-routes';
import { EventHub } from './event-hub';
import { bodyText, HttpError, messageOf, pathSegments, readJson, sendJson } from './http-util';
import { ProbeSeries } from './probe-series';
import { projectRoutes } from './project-routes';
import { loadStaticFiles, type StaticFile } from './static-files';
import { appendUiAudit } from './ui-audit';
import type { UiContext } from './ui-context';
import { WebConfirmations } from './web-confirm';

/** Options of startUiServer. */
export interface UiServerOptions {
  env: Record<string, string | undefined>;
  /** 0 picks a free port. */
  port?: number;
  /** Default: a fresh random token. */
  token?: string;
  deps?: HostDeps;
  /** Monitor probe interval (the safety net; events drive updates). */
  probeIntervalMs?: number;
  buildLabels?: Record<string, string>;
  /** Origins allowed to frame the page (Hephaestus' Ergon tab); default Hephaestus on loopback (HEPHAESTUS_PORT). */
  frameAncestors?: string[];
}

/** A running UI server. */
export interface UiServer {
  server: Server;
  port: number;
  token: string;
  /** The URL to open: the token is in its fragment, which the browser keeps from every server. */
  url: string;
  context: UiContext;
  close(): Promise<void>;
}

/** Starts the server and its monitor; resolves once it listens on 127.0.0.1. */
export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const env = opts.env;
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const hub = new EventHub();
  const series = new ProbeSeries();
  const deps = opts.deps ?? createHostDeps(env, () => undefined);
  const state = resolveStateDir(env);
  const sender = `${senderName(env)} via aish ui`;
  const ui: UiContext = {
    env,
    stateDir: state,
    deps,
    hub,
    series,
    sender,
    buildLabels: opts.buildLabels,
    confirmations: new WebConfirmations(),
    engine: { up: true, error: null },
    startJob: (work) => startJob((e) => hub.send('job', e), work),
    audit: (target, action, outcome) => {
      try {
        appendUiAudit(state, { at: new Date().toISOString(), sender, target, action, outcome });
      } catch {
        /* the log is best effort; the action stands */
      }
      hub.send('audit', { target, action, outcome });
    },
    setEngine: (up, error) => {
      if (ui.engine.up === up && ui.engine.error === error) return;
      ui.engine = { up, error };
      hub.send('engine', ui.engine);
    },
  };
  const files = loadStaticFiles();
  const tickets = new EventTickets();
  // Hephaestus (Ergon's tab) may frame the page: its port is HEPHAESTUS_PORT, 8080 by default.
  const hephaestus = Number(env.HEPHAESTUS_PORT) || 8080;
  const frame = (opts.frameAncestors ?? loopbackHosts(hephaestus).map((h) => `http://${h}`)).join(' ');
  let port = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.end();
        return;
      }
      sendJson(res, err instanceof HttpError ? err.status : err instanceof CommandError ? 409 : 500, {
        error: messageOf(err),
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const decision = checkAccess(
      {
        method: req.method ?? 'GET',
        path: url.pathname,
        host: req.headers.host,
        origin: req.headers.origin,
        tokenHeader: header(req, 'x-aish-token'),
      },
      port,
      token,
      {
        isPublic: (path) => path === '/' || files.has(path),
        ticket: url.searchParams.get('ticket'),
        redeemTicket: (t) => tickets.redeem(t),
      },
    );
    if (!decision.ok) {
      req.resume();
      return sendJson(res, decision.status, { error: decision.reason });
    }
    const security = {
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy':
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; " +
        `frame-ancestors 'self' ${frame}`,
    };
    for (const [k, v] of Object.entries(security)) res.setHeader(k, v);
    // The page and its files are public code; the token reaches the page in the URL's fragment, which
    // the browser never sends, and the page keeps it (static/app.js).
    if (decision.as === 'public')
      return serveFile(req, res, files.get(url.pathname === '/' ? '/index.html' : url.pathname)!);
    if (decision.as === 'stream') return hub.attach(res, { engine: ui.engine, sender });
    if (url.pathname === `${EVENTS_PATH}/ticket` && req.method === 'POST') {
      req.resume();
      return sendJson(res, 200, { ticket: tickets.issue() });
    }
    if (!url.pathname.startsWith('/api/')) throw new HttpError(404, `No page ${url.pathname}`);
    if (req.method !== 'GET' && req.method !== 'POST') throw new HttpError(405, 'Use GET or POST');
    // A cross-site form or no-cors fetch cannot declare JSON: one more wall behind the Origin check.
    const type = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (req.method === 'POST' && type !== 'application/json')
      throw new HttpError(415, `Content-Type must be application/json (got '${type || 'none'}')`);
    // Decoded once, here: the routes see names, never percent-escapes.
    const parts = pathSegments(url.pathname, '/api/');
    const body = () => readJson(req);
    const projects = await projectRoutes(ui, req.method, parts, body);
    if (projects) return sendJson(res, projects.status, projects.body);
    return sendJson(res, 200, await apiRoute(ui, req.method, parts, body));
  }

  const monitor = new CiMonitor({
    deps,
    intervalMs: opts.probeIntervalMs ?? 10_000,
    notify: (line) => {
      hub.send('monitor', { line, at: new Date().toISOString() });
      if (/lost the Docker engine|engine not reachable/.test(line)) ui.setEngine(false, line);
      if (/reconnected to the Docker engine/.test(line)) ui.setEngine(true, null);
    },
    listeners: [
      {
        onProbe: (entry, probe) => {
          hub.send('probe', {
            container: entry.container,
            ci: entry.ci_name,
            state: entry.state,
            probe,
            point: series.add(probe),
          });
        },
        onRemoved: (ci) => {
          series.forget(ci);
          hub.send('removed', { ci });
        },
      },
    ],
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // The page works without the monitor (no engine yet): it then shows the banner until it comes.
  const monitorStarted = monitor.start().catch((err: unknown) => ui.setEngine(false, messageOf(err)));
  // Let the first sync (loading the engine client, probing the CIs) finish before the URL is printed,
  // so the first page is not queued behind it; an engine that does not answer holds this up ≤ 3 s.
  await Promise.race([monitorStarted, new Promise((r) => setTimeout(r, 3000).unref())]);
  return {
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    context: ui,
    async close() {
      await Promise.race([monitorStarted.then(() => monitor.stop()), new Promise((r) => setTimeout(r, 2000).unref())]);
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

async function apiRoute(
  ui: UiContext,
  method: string,
  parts: string[],
  body: () => Promise<Record<string, unknown>>,
): Promise<unknown> {
  const [head, name, action, extra] = parts;
  if (head === 'containers' && !name && method === 'GET') return listContainers(ui);
  if (head === 'containers' && name && !action && method === 'GET') return containerDetail(ui, name);
  if (head === 'containers' && name && method === 'POST') {
    if (action === 'chat') {
      const text = bodyText(await body(), 'text').trim();
      if (!text) throw new HttpError(400, 'Type a message for the CI first');
      return talk(ui, name, { type: 'chat', content: text, sender: ui.sender });
    }
    if (action === 'recipes' && extra) {
      const b = await body();
      return talk(ui, name, {
        type: 'run',
        recipe: extra,
        dry_run: b.dry_run === true,
        sender: ui.sender,
      });
    }
    if (action) return lifecycle(ui, name, action);
  }
  if (head === 'confirm' && name && method === 'POST') {
    const b = await body();
    const answer = typeof b.typed === 'string' ? b.typed : b.answer === true;
    const result = ui.confirmations.answer(name, answer);
    if (!result)
      throw new HttpError(
        410,
        'That question is no longer open (answered, or it timed out after 2 minutes); nothing was done',
      );
    try {
      return { done: await result };
    } catch (err) {
      throw new HttpError(409, messageOf(err));
    }
  }
  throw new HttpError(404, `No route ${method} /api/${parts.join('/')}`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, { etag: file.etag });
    return void res.end();
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? file.gzip : file.body;
  res.writeHead(200, {
    'content-type': file.type,
    etag: file.etag,
    'cache-control': 'no-cache',
    'content-length': body.length,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(body);
}
