// A loopback Hermes for tests. Its answers replay real Hermes' (ckoons/Tekton, recorded by
// scripts/check-real-tekton --record into test/fixtures/tekton-real/hermes.json) field for field:
// register → {success, componentId, token (a JSON string), message}; heartbeat → {success,
// timestamp (epoch seconds), message}; a wrong or expired token (1 h) → 401 {detail}; components
// with last_heartbeat null until the first beat, epoch seconds after, metadata.type; `healthy_only`
// = last heartbeat under 60 s (and, as in real Hermes, a 500 while a component never beat); a
// restart loses the in-memory registry. The clock is injectable so expiry and staleness are
// tested without waiting.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Real Hermes' recorded answers: status and body text of each. */
export const RECORDED = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'tekton-real', 'hermes.json'), 'utf8'),
) as Record<string, { status: number; body: string }>;
const recorded = (name: string) => JSON.parse(RECORDED[name]!.body) as Record<string, unknown>;

interface Component {
  component_id: string;
  name: string;
  version: string;
  type: string;
  endpoint: string;
  capabilities: string[];
  metadata: Record<string, unknown>;
  registered_at: number;
  last_heartbeat: number | null;
  last_status: Record<string, unknown> | null;
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
  /** When set, every request is answered with this status (a Hermes that fails: 500, 401...). */
  failWith: number | null = null;

  constructor(opts: { now?: () => number } = {}) {
    this.now = opts.now ?? (() => Date.now());
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts listening (on the same port again after a stop, when it had one). */
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
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

  /** Hermes restarted: same port, empty registry. Real Hermes signs its tokens, so an old token still
   * verifies and a heartbeat with it answers 200 "Heartbeat received" for a component it no longer
   * lists (recorded from ckoons/Tekton's Hermes, restarted from source on loopback). */
  async restart(): Promise<void> {
    await this.stop();
    this.components.clear();
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
    const unauthorized = () => send(RECORDED.heartbeat_bad_token!.status, recorded('heartbeat_bad_token'));
    if (this.failWith) return send(this.failWith, { detail: 'Internal Server Error' });
    if (req.method === 'POST' && path === '/api/register') {
      const b = body as Partial<Component> & { component_id?: string };
      if (!b || typeof b.name !== 'string')
        return send(422, { detail: [{ type: 'missing', loc: ['body', 'name'], msg: 'Field required' }] });
      const id = b.component_id ?? b.name;
      // Real tokens are a JSON document (payload + signature) carried as a string.
      const token = JSON.stringify({
        payload: {
          component_id: id,
          token_id: randomBytes(16).toString('hex'),
          iat: Math.floor(this.now() / 1000),
          exp: Math.floor(this.now() / 1000) + 3600,
        },
        signature: randomBytes(32).toString('hex'),
      });
      this.components.set(id, {
        component_id: id,
        name: b.name,
        version: b.version ?? '0',
        type: b.type ?? 'unknown',
        endpoint: b.endpoint ?? '',
        capabilities: b.capabilities ?? [],
        metadata: b.metadata ?? {},
        registered_at: this.now(),
        last_heartbeat: null,
        last_status: null,
      });
      this.tokens.set(token, { id, issued: this.now() });
      return send(200, { ...recorded('register'), componentId: id, token });
    }
    if (req.method === 'POST' && path === '/api/heartbeat') {
      const b = body as { component_id?: string; status?: Record<string, unknown> };
      const id = this.authorised(req, b?.component_id);
      if (!id) return unauthorized();
      const c = this.components.get(id);
      if (c) {
        c.last_heartbeat = this.now();
        c.last_status = b.status ?? {};
      }
      return send(200, { ...recorded('heartbeat'), timestamp: this.now() / 1000 });
    }
    if (req.method === 'POST' && path === '/api/unregister') {
      const id = this.authorised(req, url.searchParams.get('component_id') ?? undefined);
      if (!id) return unauthorized();
      this.components.delete(id);
      for (const [t, v] of this.tokens) if (v.id === id) this.tokens.delete(t);
      return send(200, recorded('unregister'));
    }
    if (req.method === 'GET' && path === '/api/components') {
      const healthyOnly = url.searchParams.get('healthy_only') === 'true';
      // Real Hermes computes `now - last_heartbeat` and fails while it is still null.
      if (healthyOnly && [...this.components.values()].some((c) => c.last_heartbeat === null))
        return send(500, 'Internal Server Error');
      const list = [...this.components.values()]
        .filter((c) => !healthyOnly || this.now() - c.last_heartbeat! <= 60_000)
        .map((c) => ({
          component_id: c.component_id,
          name: c.name,
          version: c.version,
          type: null,
          port: null,
          status: 'unknown',
          capabilities: c.capabilities,
          endpoint: c.endpoint,
          last_heartbeat: c.last_heartbeat === null ? null : c.last_heartbeat / 1000,
          registered_at: c.registered_at / 1000,
          metadata: { type: c.type, ...c.metadata },
        }));
      return send(200, { total: list.length, components: list });
    }
    return send(RECORDED.unknown_route!.status, recorded('unknown_route'));
  }

  private authorised(req: IncomingMessage, componentId: string | undefined): string | null {
    const token = req.headers['x-authentication-token'];
    if (typeof token !== 'string' || !componentId) return null;
    const t = this.tokens.get(token);
    if (!t || t.id !== componentId) return null;
    if (this.now() - t.issued >= 3600_000) {
      this.tokens.delete(token);
      return null;
    }
    return t.id;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (!chunks.length) return null;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}
