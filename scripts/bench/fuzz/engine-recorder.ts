// The Docker engine as the fuzzed `aish ui` sees it (its DOCKER_HOST): an HTTP proxy on a Unix
// socket in front of the real engine that (1) adds the run's own label to every container list and
// event stream, so the UI knows only the bench's container and never probes another engineer's, and
// (2) records every call that can change the engine (any method but GET and HEAD), so "a refused
// request changed nothing in the engine" is checked on the calls themselves.
import { request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { rmSync } from 'node:fs';

/** One engine call that could change something. */
export interface EngineWrite {
  method: string;
  path: string;
  at: number;
}

const DOCKER_SOCKET = '/var/run/docker.sock';
const SCOPED = /^(\/v[\d.]+)?\/(containers\/json|events)$/;

/** `path` with `label` added to its `filters` when it lists containers or streams events. */
export function scopedPath(path: string, label: string): string {
  const url = new URL(path, 'http://engine');
  if (!SCOPED.test(url.pathname)) return path;
  let filters: Record<string, unknown> = {};
  try {
    filters = JSON.parse(url.searchParams.get('filters') ?? '{}') as Record<string, unknown>;
  } catch {
    /* the engine will refuse the request itself */
  }
  const labels = filters.label;
  // Docker takes a filter as a list or as a {value: true} map; a label filter is an AND.
  if (Array.isArray(labels)) filters.label = [...labels, label];
  else if (labels && typeof labels === 'object') filters.label = { ...labels, [label]: true };
  else filters.label = [label];
  url.searchParams.set('filters', JSON.stringify(filters));
  return `${url.pathname}${url.search}`;
}

/** The proxy; point DOCKER_HOST at `unix://<path>`. */
export class EngineRecorder {
  readonly writes: EngineWrite[] = [];
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly path: string,
    private readonly label: string,
  ) {}

  private record(req: IncomingMessage): string {
    const path = scopedPath(req.url ?? '/', this.label);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      this.writes.push({ method: req.method ?? '?', path, at: Date.now() });
    return path;
  }

  /** Starts listening. */
  async start(): Promise<void> {
    rmSync(this.path, { force: true });
    const server = createServer((req, res) => {
      const upstream = httpRequest(
        { socketPath: DOCKER_SOCKET, method: req.method, path: this.record(req), headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
    // Hijacked streams (exec, attach): replay the request head to the engine, then pipe both ways.
    server.on('upgrade', (req: IncomingMessage, client: Socket, head: Buffer) => {
      const path = this.record(req);
      const upstream = createConnection(DOCKER_SOCKET);
      this.sockets.add(client).add(upstream);
      const lines = [`${req.method} ${path} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(this.path, resolve));
    this.server = server;
  }

  /** Engine writes recorded since `since` (ms since the epoch). */
  writesSince(since: number): EngineWrite[] {
    return this.writes.filter((w) => w.at >= since);
  }

  /** Stops listening and cuts every connection. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
    rmSync(this.path, { force: true });
  }
}
