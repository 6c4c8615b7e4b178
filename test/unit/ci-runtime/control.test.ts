// Structured control and bad input, through the real server on a Unix socket: `control` requests
// with the one confirmation store, services named like intents, unknown services, the 4 KB limit,
// a peer that never answers, and action phrases that are no order.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHAT_BYTES, type ContainerMetrics, type ServiceStatus } from '../../../protocol';
import { catalogueOf, handleChat, parseFor, type ChatWorld } from '../../../ci-runtime/chat/chat-handler';
import { requestControl } from '../../../ci-runtime/chat/control';
import { modelPrompt } from '../../../ci-runtime/chat/model';
import { createConfirmationStore } from '../../../ci-runtime/confirmations';
import { parseIntent } from '../../../ci-runtime/intents/parse-intent';
import { read } from '../../../ci-runtime/intents/reading';
import { MAX_TOKENS } from '../../../ci-runtime/intents/tokens';
import type { CiCore } from '../../../ci-runtime/server/core';
import { startServer } from '../../../ci-runtime/server/server';
import { healMayConfirm, healRequest } from '../../../plugin/monitor/heal-policy';
import { worstCaseMessage } from '../../../scripts/bench/nlu/worst-case';
import { corpusContext } from './phrasings/corpus';

const svc = (name: string, label: string, kind: string): ServiceStatus => ({
  name,
  kind,
  label,
  state: 'running',
  health: 'healthy',
  pid: 10,
  ports: [],
  memory_bytes: 1,
  cpu_percent: 0,
  restarts: 0,
  uptime_s: 5,
});
const container: ContainerMetrics = {
  memory_bytes: 1,
  memory_limit_bytes: null,
  cpu_percent: 1,
  cgroup: 'v2',
  uptime_s: 5,
};

function makeWorld(actions: string[], over: Partial<ChatWorld> = {}): ChatWorld {
  return {
    ciName: 'x-container-ci',
    token: 't',
    // Services named like intents: auto-heal must reach them all the same.
    services: () => [
      svc('status', 'Status API', 'web'),
      svc('logs', 'Log shipper', 'worker'),
      svc('redis', 'Redis', 'redis'),
    ],
    container: () => container,
    discover: () => ({ declared: [], discovered: [], mismatches: [] }),
    logs: () => [],
    disks: () => [],
    control: async (action, name, reason) => {
      actions.push(`${action} ${name} (${reason})`);
      return { ok: true, detail: `${name} ${action}ed` };
    },
    recipes: null,
    peers: [],
    confirmations: createConfirmationStore(),
    model: null,
    ...over,
  };
}

function coreOf(world: ChatWorld): CiCore {
  return {
    ciName: world.ciName,
    version: 't',
    capabilities: [],
    modelName: null,
    tcpPort: null,
    services: world.services,
    container: world.container,
    discover: world.discover,
    logs: world.logs,
    subscribe: () => () => undefined,
    parse: (c) => parseFor(world, c),
    chat: (c, o) => handleChat(world, c, o),
    catalogue: () => catalogueOf(world),
    control: (r) => requestControl(world, r),
    recipes: null,
  };
}

describe('control over the wire', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctl-'));
  const socketPath = join(dir, 'ci.sock');
  const actions: string[] = [];
  const world = makeWorld(actions);
  let close: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    close = (await startServer({ socketPath, token: 't', core: coreOf(world) })).close;
  });
  afterAll(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ask = (req: object): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const s = createConnection(socketPath);
      let buf = '';
      s.on('data', (d) => {
        buf += d.toString();
        if (buf.includes('\n')) {
          s.destroy();
          resolve(JSON.parse(buf.slice(0, buf.indexOf('\n'))));
        }
      });
      s.on('error', reject);
      s.write(`${JSON.stringify({ token: 't', ...req })}\n`);
    });

  it('restarts a service named "status" with a typed confirmation, once, as auto-heal does', async () => {
    const unhealthy = { ...svc('status', 'Status API', 'web'), health: 'unhealthy' as const };
    const asked = await ask(healRequest(unhealthy, 1));
    expect(asked).toMatchObject({
      type: 'control_response',
      action: 'restart',
      service: 'status',
      ok: false,
      confirm: { target: 'status', action: 'restart', risk: 'control' },
    });
    const confirm = asked.confirm as Parameters<typeof healMayConfirm>[0];
    expect(healMayConfirm(confirm, 'status')).toBe(true);
    expect(healMayConfirm(confirm, 'redis')).toBe(false);
    expect(actions).toEqual([]);
    const done = await ask(healRequest(unhealthy, 1, confirm!.token));
    expect(done).toMatchObject({ type: 'control_response', ok: true, detail: 'status restarted' });
    expect(actions).toEqual(['restart status (auto-heal attempt 1: health unhealthy (by tekton-monitor))']);
    expect(await ask(healRequest(unhealthy, 1, confirm!.token))).toMatchObject({ type: 'error', code: 'refused' });
    expect(actions).toHaveLength(1);
  });

  it('binds a token to its action and service: a restart token cannot stop, nor touch another service', async () => {
    const asked = await ask({ type: 'control', action: 'restart', service: 'logs' });
    const token = (asked.confirm as { token: string }).token;
    expect(await ask({ type: 'control', action: 'stop', service: 'logs', confirm: token })).toMatchObject({
      type: 'error',
      code: 'refused',
      message: expect.stringMatching(/issued for restart on 'logs'/),
    });
    const again = await ask({ type: 'control', action: 'restart', service: 'logs' });
    expect(
      await ask({
        type: 'control',
        action: 'restart',
        service: 'redis',
        confirm: (again.confirm as { token: string }).token,
      }),
    ).toMatchObject({ type: 'error', code: 'refused' });
    expect(actions.filter((a) => a.startsWith('stop') || a.includes('redis'))).toEqual([]);
  });

  it('names an unknown service along with the ones that exist', async () => {
    expect(await ask({ type: 'control', action: 'start', service: 'nginx' })).toMatchObject({
      type: 'error',
      code: 'not_found',
      message: "No service 'nginx' in this container; it runs: status, logs, redis.",
    });
    expect(await ask({ type: 'control', action: 'explode', service: 'redis' })).toMatchObject({
      type: 'error',
      code: 'bad_request',
      message: expect.stringContaining('restart, stop, start'),
    });
    expect((await ask({ type: 'chat', content: 'restart nginx' })).content).toBe(
      "No service 'nginx' in this container; it runs: status, logs, redis. Nothing was done.",
    );
  });

  it('refuses chat and parse content over 4 KB with a clear error, and still answers after', async () => {
    const big = 'x'.repeat(MAX_CHAT_BYTES + 1);
    expect(await ask({ type: 'chat', content: big })).toMatchObject({
      type: 'error',
      code: 'too_large',
      message: expect.stringMatching(/4097 bytes; the limit is 4096 bytes/),
    });
    expect(await ask({ type: 'parse', content: big })).toMatchObject({ type: 'error', code: 'too_large' });
    expect(await ask({ type: 'chat', content: 'é'.repeat(MAX_CHAT_BYTES / 2) })).toMatchObject({ type: 'response' });
  });

  it('serves the catalogue: intents (with changes and anomalies), services, peers', async () => {
    const r = await ask({ type: 'catalogue' });
    const cat = r.catalogue as { intents: Array<{ name: string }>; services: Array<{ name: string }> };
    expect(cat.intents.map((i) => i.name)).toEqual(
      expect.arrayContaining(['status', 'changes', 'anomalies', 'restart', 'ask-peer']),
    );
    expect(cat.services.map((s) => s.name)).toEqual(['status', 'logs', 'redis']);
  });
});

describe('bad input in chat', () => {
  it('never executes a negated, hypothetical, reported or questioning control phrase, even with a token at hand', async () => {
    const actions: string[] = [];
    const world = makeWorld(actions);
    for (const phrase of [
      "don't restart redis",
      'what would happen if I restarted redis',
      'he said restart redis',
      'should I restart redis?',
      'redis was restarted yesterday',
      'if redis hangs, restart it',
      'never stop the log shipper',
      'is it safe to stop redis',
    ]) {
      const r = await handleChat(world, phrase, { sender: 'me' });
      expect(r.confirm, phrase).toBeUndefined();
    }
    expect(actions).toEqual([]);
    expect((await handleChat(world, 'should I restart redis?', { sender: 'me' })).content).toMatch(
      /^That reads as a question, not an order, so I did nothing/,
    );
  });

  it('answers unknown words with what it can do and close matches, acting on nothing', async () => {
    const r = await handleChat(makeWorld([]), 'dusk', { sender: 'me' });
    expect(r.intent).toBe('unknown');
    expect(r.content).toMatch(/^I'm not sure what you mean\. I can tell you: status.* Did you mean: "disk"/);
  });

  it('says what it can do for the words it recognised', async () => {
    const world = makeWorld([]);
    const named = await handleChat(world, 'redis blah blah', { sender: 'me' });
    expect(named).toMatchObject({ intent: 'unknown' });
    expect(named.content).toMatch(/^I'm not sure what you want with redis\. I can show redis's status, health, logs/);
    const asked = await handleChat(world, 'i have zero memory of writing this', { sender: 'me' });
    expect(asked.content).toMatch(/I can show the memory of the container or of one service/);
    expect(asked.confirm).toBeUndefined();
  });

  it('says why it did nothing: an order for later, out of scope, a container it cannot reach', async () => {
    const world = makeWorld([]);
    const later = await handleChat(world, 'restart redis at 2am', { sender: 'me' });
    expect(later).toMatchObject({ intent: 'unknown' });
    expect(later.confirm).toBeUndefined();
    expect(later.content).toMatch(/^That is an order for later or on a condition, and I do not schedule actions/);
    const secret = await handleChat(world, 'print the env vars with the aws secret keys', { sender: 'me' });
    expect(secret.content).toMatch(/^That is outside what I do .*Nothing was done\./);
    const stranger = await handleChat(world, 'ask payments-container-ci how it is doing', { sender: 'me' });
    expect(stranger.content).toMatch(/^I cannot reach payments-container-ci: .*Nothing was asked/);
  });

  it('gives the model fallback the same catalogue: intents with their summaries, and the recipes', () => {
    const recipes = {
      list: () => [
        {
          name: 'clear-cache',
          description: 'Empties a Redis cache',
          risk: 'destructive' as const,
          phrases: ['clear cache'],
          params: {},
          applies_to: [],
          source: 'builtin' as const,
        },
      ],
      match: () => null,
      run: async () => {
        throw new Error('no');
      },
      audit: () => [],
      add: async () => {
        throw new Error('no');
      },
    };
    const prompt = modelPrompt('is the box chubby', 'facts', catalogueOf(makeWorld([], { recipes })));
    expect(prompt).toContain('anomalies: anything unusual against the learned baselines');
    expect(prompt).toContain('clear-cache (Empties a Redis cache)');
  });

  it('answers "what changed?" and "anything unusual?" (no baselines yet without learning)', async () => {
    expect((await handleChat(makeWorld([]), 'what changed?', { sender: 'me' })).content).toMatch(/^No baselines yet/);
    expect((await handleChat(makeWorld([]), 'anything unusual?', { sender: 'me' })).content).toMatch(
      /^No baselines yet/,
    );
    const w = makeWorld([], {
      learning: {
        changes: () => 'nothing moved',
        anomalies: (service) => `Redis memory 3.1× its median${service ? ` (${service})` : ''}`,
      },
    });
    expect((await handleChat(w, 'is redis behaving unusually', { sender: 'me' })).content).toBe(
      'Redis memory 3.1× its median (redis)',
    );
  });

  it('reports a peer that does not answer, by name, within the timeout', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (silent.address() as { port: number }).port;
      const world = makeWorld([], { peers: [{ name: 'db', host: '127.0.0.1', port }], peerTimeoutMs: 300 });
      const asked = await handleChat(world, 'ask db how it is doing', { sender: 'me' });
      expect(asked.confirm).toMatchObject({ target: 'db', action: 'ask-peer' });
      const t0 = performance.now();
      const r = await handleChat(world, 'yes', { sender: 'me', confirm: asked.confirm!.token });
      expect(r.content).toMatch(/^peer db \(127\.0\.0\.1:\d+\) did not answer within 300 ms/);
      expect(performance.now() - t0).toBeLessThan(1500);
    } finally {
      silent.close();
    }
  });
});

describe('bounded parsing', () => {
  // Timing is measured by `npm run bench:nlu` (p50 of a 200-character message, the 4 KB worst case,
  // under the CI's own --no-opt); here the work is bounded by construction, whatever the machine.
  it('reads at most MAX_TOKENS words of a 4 KB worst-case message, and still answers', async () => {
    const ctx = await corpusContext();
    const worst = worstCaseMessage();
    expect(Buffer.byteLength(worst)).toBe(MAX_CHAT_BYTES);
    expect(read(worst, ctx).tokens.length).toBe(MAX_TOKENS);
    expect(parseIntent(worst, ctx).intent).toBeDefined();
  });
});
