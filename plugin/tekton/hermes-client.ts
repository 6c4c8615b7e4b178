// Hermes' HTTP API exactly as TEKTON.md describes it: register → token; heartbeat and unregister
// with X-Authentication-Token; 401 means "register again". Every call has a timeout.

/** What a component tells Hermes about itself. */
export interface HermesRegistration {
  component_id: string;
  name: string;
  version: string;
  type: string;
  endpoint: string;
  capabilities: string[];
  metadata: Record<string, unknown>;
}

/** Result of a call that needs the token. */
export type HermesCallResult = { ok: true } | { ok: false; unauthorized: boolean; status: number; message: string };

/** Raised when Hermes cannot be reached at all (not running, timeout). */
export class HermesUnreachableError extends Error {
  override name = 'HermesUnreachableError';
}

type FetchFn = typeof fetch;

/** A thin client of Hermes' /api routes. */
export class HermesClient {
  constructor(
    readonly baseUrl: string,
    private readonly opts: { fetch?: FetchFn; timeoutMs?: number } = {},
  ) {}

  /** POST /api/register → the token. */
  async register(reg: HermesRegistration): Promise<{ componentId: string; token: string }> {
    const res = await this.call('/api/register', { method: 'POST', body: JSON.stringify(reg) });
    const body = (await res.json().catch(() => ({}))) as {
      success?: boolean;
      componentId?: string;
      component_id?: string;
      token?: string;
      message?: string;
    };
    if (!res.ok || body.success === false || !body.token) {
      throw new Error(
        `Hermes at ${this.baseUrl} refused to register ${reg.name}: HTTP ${res.status} ${body.message ?? ''}`.trim(),
      );
    }
    return { componentId: body.componentId ?? body.component_id ?? reg.component_id, token: body.token };
  }

  /** POST /api/heartbeat with the token. */
  async heartbeat(componentId: string, token: string, status: Record<string, unknown>): Promise<HermesCallResult> {
    const res = await this.call('/api/heartbeat', {
      method: 'POST',
      body: JSON.stringify({ component_id: componentId, status }),
      token,
    });
    return this.result(res);
  }

  /** POST /api/unregister?component_id=... with the token. */
  async unregister(componentId: string, token: string): Promise<HermesCallResult> {
    const res = await this.call(`/api/unregister?component_id=${encodeURIComponent(componentId)}`, {
      method: 'POST',
      token,
    });
    return this.result(res);
  }

  /** GET /api/components (healthy_only: last heartbeat under 60 s). */
  async components(healthyOnly = false): Promise<{ total: number; components: Record<string, unknown>[] }> {
    const res = await this.call(`/api/components${healthyOnly ? '?healthy_only=true' : ''}`, { method: 'GET' });
    if (!res.ok) throw new Error(`Hermes at ${this.baseUrl}: GET /api/components answered HTTP ${res.status}`);
    return (await res.json()) as { total: number; components: Record<string, unknown>[] };
  }

  private async result(res: Response): Promise<HermesCallResult> {
    if (res.ok) {
      await res.arrayBuffer().catch(() => undefined);
      return { ok: true };
    }
    const body = (await res.json().catch(() => ({}))) as { message?: string; detail?: string };
    // 404 after a Hermes restart means the same as 401: it no longer knows us, register again.
    return {
      ok: false,
      unauthorized: res.status === 401 || res.status === 404,
      status: res.status,
      message: body.message ?? body.detail ?? res.statusText,
    };
  }

  private async call(path: string, init: { method: string; body?: string; token?: string }): Promise<Response> {
    const f = this.opts.fetch ?? fetch;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.token) headers['X-Authentication-Token'] = init.token;
    const once = () =>
      f(`${this.baseUrl}${path}`, {
        method: init.method,
        headers,
        ...(init.body ? { body: init.body } : {}),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 3000),
      });
    try {
      try {
        return await once();
      } catch (err) {
        // A kept-alive connection to a Hermes that restarted fails once with a reset/closed socket: retry on a new one.
        const code = (err as { cause?: { code?: string } }).cause?.code;
        if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') throw err;
        return await once();
      }
    } catch (err) {
      throw new HermesUnreachableError(
        `Hermes at ${this.baseUrl} is not reachable (${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message})`,
        { cause: err },
      );
    }
  }
}
