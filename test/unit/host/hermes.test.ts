import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { HermesTestServer, RECORDED } from '../../support/hermes-server';
import { HermesClient } from '../../../plugin/tekton/hermes-client';
import { HermesReporter } from '../../../plugin/monitor/hermes-reporter';
import type { CiEntry } from '../../../plugin/registry/registry-types';
import type { CiProbe } from '../../../plugin/monitor/ci-probe';

const entry: CiEntry = {
  ci_name: 'web-container-ci',
  container: 'web',
  container_id: 'abc123',
  image: 'web:1',
  project: 'web',
  app: null,
  manifest_hash: 'h',
  endpoint: { kind: 'socket', path: '/tmp/x/ci.sock' },
  token_file: null,
  state: 'running',
  ports: [],
  source: 'ergon',
  updated_at: '',
};
const probe = (health: CiProbe['health']): CiProbe => ({
  ci_name: entry.ci_name,
  reachable: true,
  health,
  summary: 's',
  memory_bytes: 42 * 1048576,
  cpu_percent: 1,
  services: [],
  response_ms: 3,
  error: null,
  at: '',
});

describe('Hermes contract (loopback server) and the reporter', () => {
  let now = 1_000_000;
  let hermes: HermesTestServer;
  let warnings: string[];
  let reporter: HermesReporter;
  beforeEach(async () => {
    now = 1_000_000;
    hermes = new HermesTestServer({ now: () => now });
    await hermes.start();
    warnings = [];
    reporter = new HermesReporter(new HermesClient(hermes.url), (l) => warnings.push(l), '0.1.0', {
      everyMs: 20_000,
      now: () => now,
    });
  });
  afterEach(async () => {
    await hermes.stop();
  });

  it('server: heartbeat needs the token from register; wrong token is 401', async () => {
    const c = new HermesClient(hermes.url);
    const { token, componentId } = await c.register({
      component_id: 'x',
      name: 'x',
      version: '1',
      type: 't',
      endpoint: 'e',
      capabilities: [],
      metadata: {},
    });
    expect(await c.heartbeat(componentId, token, {})).toEqual({ ok: true });
    const bad = await c.heartbeat(componentId, 'nope', {});
    expect(bad).toMatchObject({ ok: false, unauthorized: true, status: 401 });
    now += 3600_000;
    expect(await c.heartbeat(componentId, token, {})).toMatchObject({ ok: false, status: 401 });
  });

  it("server: answers in real Hermes' recorded shapes (test/fixtures/tekton-real/hermes.json)", async () => {
    const real = (name: string) => JSON.parse(RECORDED[name]!.body) as Record<string, unknown>;
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${hermes.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'X-Authentication-Token': token } : {}) },
        body: JSON.stringify(body),
      });
    const reg = {
      component_id: 'x',
      name: 'x',
      version: '1',
      type: 'container_ci',
      endpoint: 'e',
      capabilities: [],
      metadata: { a: 1 },
    };
    const registered = (await (await post('/api/register', reg)).json()) as Record<string, unknown>;
    expect(Object.keys(registered).sort()).toEqual(Object.keys(real('register')).sort());
    expect(typeof registered.token).toBe('string');
    const beat = await post('/api/heartbeat', { component_id: 'x', status: {} }, registered.token as string);
    expect(Object.keys((await beat.json()) as object).sort()).toEqual(Object.keys(real('heartbeat')).sort());
    const bad = await post('/api/heartbeat', { component_id: 'x', status: {} }, 'wrong');
    expect([bad.status, await bad.json()]).toEqual([RECORDED.heartbeat_bad_token!.status, real('heartbeat_bad_token')]);
    const list = (await (await fetch(`${hermes.url}/api/components`)).json()) as {
      total: number;
      components: Record<string, unknown>[];
    };
    const recorded = (real('components') as { components: Record<string, unknown>[] }).components[0]!;
    expect(Object.keys(list.components[0]!)).toEqual(Object.keys(recorded));
    expect(typeof list.components[0]!.last_heartbeat).toBe(typeof recorded.last_heartbeat);
    expect(list.components[0]!.metadata).toEqual({ type: 'container_ci', a: 1 });
  });

  it('server: healthy_only lists components whose last heartbeat is under 60 s old', async () => {
    const c = new HermesClient(hermes.url);
    const { token } = await c.register({
      component_id: 'x',
      name: 'x',
      version: '1',
      type: 't',
      endpoint: 'e',
      capabilities: [],
      metadata: {},
    });
    // As real Hermes: healthy_only fails (500) while a component has never beaten.
    await expect(c.components(true)).rejects.toThrow(/HTTP 500/);
    await c.heartbeat('x', token, {});
    expect((await c.components(true)).total).toBe(1);
    now += 60_001; // real Hermes: stale when more than 60 s old
    expect((await c.components(true)).total).toBe(0);
    expect((await c.components(false)).total).toBe(1);
  });

  it('registers once, then heartbeats with the token and container state', async () => {
    await reporter.report(entry, probe('healthy'));
    await reporter.report(entry, probe('healthy'));
    const calls = hermes.log.map((l) => `${l.path} ${l.status}`);
    expect(calls).toEqual(['/api/register 200', '/api/heartbeat 200', '/api/heartbeat 200']);
    const c = hermes.components.get('web-container-ci')!;
    expect(c.type).toBe('container_ci');
    expect(c.last_status).toMatchObject({ container: 'web', health: 'healthy', memory_mb: 42 });
  });

  it('re-registers after the token expires (401)', async () => {
    await reporter.report(entry, probe('healthy'));
    now += 3600_000 + 1;
    await reporter.report(entry, probe('healthy'));
    // (The reconcile's GET /api/components in between is not what this test is about.)
    const calls = hermes.log.map((l) => `${l.path} ${l.status}`).filter((c) => !c.startsWith('/api/components'));
    expect(calls.slice(2)).toEqual(['/api/heartbeat 401', '/api/register 200', '/api/heartbeat 200']);
    expect(warnings).toEqual([]);
  });

  it('re-registers after a Hermes restart that lost its registry (its heartbeat still answers 200)', async () => {
    await reporter.report(entry, probe('healthy'));
    await hermes.restart();
    expect(hermes.components.size).toBe(0);
    // As real Hermes does: the old, signed token still gets "200 Heartbeat received", and nothing is listed.
    await reporter.report(entry, probe('healthy'));
    expect(hermes.components.has('web-container-ci')).toBe(false);
    // Within the reconcile period the reporter compares Hermes' list with what it registered.
    now += 20_000;
    await reporter.report(entry, probe('healthy'));
    expect(hermes.components.has('web-container-ci')).toBe(true);
    expect((await new HermesClient(hermes.url).components(true)).total).toBe(1);
  });

  it('a health change re-registers so Hermes metadata says the new health', async () => {
    await reporter.report(entry, probe('healthy'));
    await reporter.report(entry, probe('degraded'));
    expect(hermes.components.get('web-container-ci')!.metadata).toMatchObject({ health: 'degraded' });
  });

  it("heartbeats carry each service's supervision fields, FATAL services and anomalies", async () => {
    const supervision = {
      failures: 5,
      probe_failures: 0,
      unhealthy_threshold: 3,
      restarts_in_window: 5,
      max_restarts: 5,
      window_s: 60,
      max_memory_mb: null,
      last_action: 'FATAL: restarted 5 times within 60 s, its restart budget',
    };
    const anomaly = {
      service: 'redis',
      metric: 'memory_mb',
      value: 62,
      baseline: 20,
      unit: 'MB',
      ratio: 3.1,
      since: '2026-11-29T14:02:00.000Z',
      text: 'Redis memory 3.1× its 24-hour median since 14:02 UTC (62 MB vs 20 MB)',
      suggest: 'clear-cache',
    };
    const svc = {
      kind: 'web',
      label: 'x',
      pid: null,
      ports: [],
      memory_bytes: null,
      cpu_percent: null,
      uptime_s: null,
      restarts: 5,
    };
    const p = {
      ...probe('degraded'),
      services: [
        { ...svc, name: 'web', state: 'fatal' as const, health: 'unhealthy' as const, supervision },
        { ...svc, name: 'redis', state: 'running' as const, health: 'healthy' as const, anomalies: [anomaly] },
      ],
    };
    await reporter.report(entry, p);
    const status = hermes.components.get('web-container-ci')!.last_status!;
    expect(status).toMatchObject({ fatal: ['web'], anomalies: [anomaly.text] });
    expect((status.services as Array<Record<string, unknown>>)[0]).toMatchObject({
      name: 'web',
      state: 'fatal',
      supervision,
    });
    expect((status.services as Array<Record<string, unknown>>)[1]).toMatchObject({
      anomalies: [{ metric: 'memory_mb', ratio: 3.1, suggest: 'clear-cache' }],
    });
  });

  it('unregisters on removal', async () => {
    await reporter.report(entry, probe('healthy'));
    await reporter.remove(entry.ci_name);
    expect(hermes.components.size).toBe(0);
    expect(hermes.log.at(-1)).toMatchObject({ path: '/api/unregister', status: 200 });
  });

  it('without Hermes: one warning, not one per beat, and registers when it comes back', async () => {
    await hermes.stop();
    for (let i = 0; i < 5; i++) await reporter.report(entry, probe('healthy'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Warning: Hermes at http:\/\/127\.0\.0\.1:\d+ is not reachable .*work locally/);
    await hermes.start();
    await reporter.report(entry, probe('healthy'));
    expect(hermes.components.has('web-container-ci')).toBe(true);
    expect(warnings).toHaveLength(2);
  });
});

describe('Hermes listener', () => {
  it('re-sends the last state when the monitor probes less often than the beat', async () => {
    const { createHermesListener } = await import('../../../plugin/monitor/hermes-listener');
    const hermes = new HermesTestServer();
    await hermes.start();
    const listener = createHermesListener(
      { HERMES_HOST: '127.0.0.1', HERMES_PORT: hermes.url.split(':').pop() },
      () => undefined,
      1000,
    );
    try {
      await listener.onProbe!(entry, probe('healthy'));
      const beats = () => hermes.log.filter((l) => l.path === '/api/heartbeat').length;
      expect(beats()).toBe(1);
      // No further probe: the listener beats on its own (polled, not timed).
      for (let i = 0; i < 100 && beats() < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(beats()).toBeGreaterThanOrEqual(2);
      await listener.onRemoved!(entry.ci_name);
      expect(hermes.components.size).toBe(0);
    } finally {
      await listener.close();
      await hermes.stop();
    }
  });
});
