// A loopback Hermes that follows the contract in ../shared/design/TEKTON.md exactly: tokens from
// register, X-Authentication-Token on heartbeat/unregister, 401 for a wrong or expired token (1 h),
// `healthy_only` = last heartbeat under 60 s, and a restart that loses the in-memory registry.
// The clock is injectable so expiry and staleness are tested without waiting.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

interface Component {
  component_id: string; name: string; version: string; type: string; endpoint: string;
  capabilities: string[]; metadata: Record<string, unknown>;
  registered_at: number; last_heartbeat: number | null; last_status: Record<string, unknown> | null;
}

/** The fake Hermes; `url` is http://127.0.0.1:<port>. */
export class HermesTestServer {
  readonly components = new Map<string, Component>();
  /** token → { component, issued at } */
  private readonly tokens = new Map<string, { id: string; issued: number }>();
  private server: Server | null = null;
  private port = 0;
  /** Every request seen: method, path, status answered. */
  readonly log: { method: string; path: string; status: number }[] = [];
  now: () => number;

  constructor(opts: { now?: () => number } = {}) { this.now = opts.now ?? (() => Date.now()); }

  get url(): string { return `http://127.0.0.1:${this.port}`; }

  /** Starts listening (on the same port again after a stop, when it had one). */
  async start(): Promise<void> {
    this.server = createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((resolve, reject) => { this.server!.once('error', reject); this.server!.listen(this.port, '127.0.0.1', () => resolve()); });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  /** Hermes restarted: same port, empty registry, all tokens invalid. */
  async restart(): Promise<void> {
    await this.stop();
    this.components.clear();
    this.tokens.clear();
    await this.start();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.replace(/^\/api\/v1\//, '/api/');
    const body = await readJson(req);
    const send = (status: number, payload: unknown) => {
      this.log.push({ method: req.method ?? '', path, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (req.method === 'POST' && path === '/api/register') {
      const b = body as Partial<Component> & { component_id?: string };
      if (!b || typeof b.name !== 'string') return send(422, { success: false, message: 'name is required' });
      const id = b.component_id ?? b.name;
      const token = randomBytes(16).toString('hex');
      this.components.set(id, {
        component_id: id, name: b.name, version: b.version ?? '0', type: b.type ?? 'unknown', endpoint: b.endpoint ?? '',
        capabilities: b.capabilities ?? [], metadata: b.metadata ?? {}, registered_at: this.now(), last_heartbeat: this.now(), last_status: null,
      });
      this.tokens.set(token, { id, issued: this.now() });
      return send(200, { success: true, component_id: id, componentId: id, token, message: `Registered ${b.name}` });
    }
    if (req.method === 'POST' && path === '/api/heartbeat') {
      const b = body as { component_id?: string; status?: Record<string, unknown> };
      const id = this.authorised(req, b?.component_id);
      if (!id) return send(401, { success: false, message: 'Invalid or expired token' });
      const c = this.components.get(id)!;
      c.last_heartbeat = this.now();
      c.last_status = b.status ?? {};
      return send(200, { success: true, timestamp: new Date(this.now()).toISOString(), message: 'Heartbeat received' });
    }
    if (req.method === 'POST' && path === '/api/unregister') {
      const id = this.authorised(req, url.searchParams.get('component_id') ?? undefined);
      if (!id) return send(401, { success: false, message: 'Invalid or expired token' });
      this.components.delete(id);
      for (const [t, v] of this.tokens) if (v.id === id) this.tokens.delete(t);
      return send(200, { success: true, message: `Unregistered ${id}` });
    }
    if (req.method === 'GET' && path === '/api/components') {
      const healthyOnly = url.searchParams.get('healthy_only') === 'true';
      const list = [...this.components.values()]
        .filter((c) => !healthyOnly || (c.last_heartbeat !== null && this.now() - c.last_heartbeat < 60_000))
        .map((c) => ({ ...c, last_heartbeat: c.last_heartbeat === null ? null : new Date(c.last_heartbeat).toISOString() }));
      return send(200, { total: list.length, components: list });
    }
    return send(404, { detail: 'Not Found' });
  }

  private authorised(req: IncomingMessage, componentId: string | undefined): string | null {
    const token = req.headers['x-authentication-token'];
    if (typeof token !== 'string' || !componentId) return null;
    const t = this.tokens.get(token);
    if (!t || t.id !== componentId || !this.components.has(t.id)) return null;
    if (this.now() - t.issued >= 3600_000) { this.tokens.delete(token); return null; }
    return t.id;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (!chunks.length) return null;
  try { return JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return null; }
}
