import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContainerMetrics, ServiceStatus } from '../../../protocol';
import { askModel, modelApi, parseModelReply } from '../../../ci-runtime/chat/model';
import { diagnose, diagnosisText } from '../../../ci-runtime/chat/diagnose';
import { createConfirmationStore } from '../../../ci-runtime/confirmations';
import { parsePeers } from '../../../ci-runtime/chat/peers';
import { memorySentence, overallHealth, summarize } from '../../../ci-runtime/status-view';
import { classifyStartupReply, startupMessage } from '../../../ci-runtime/clients/postgres-ping';

const svc = (over: Partial<ServiceStatus>): ServiceStatus => ({
  name: 'web',
  kind: 'web',
  label: 'FastAPI',
  state: 'running',
  health: 'healthy',
  pid: 10,
  ports: [8000],
  memory_bytes: 50 * 2 ** 20,
  cpu_percent: 1,
  restarts: 0,
  uptime_s: 60,
  ...over,
});
const box: ContainerMetrics = {
  memory_bytes: 200 * 2 ** 20,
  memory_limit_bytes: 512 * 2 ** 20,
  cpu_percent: 5,
  cgroup: 'v1',
  uptime_s: 60,
};

describe('status text', () => {
  it("says what runs, in the issue's words", () => {
    const services = [
      svc({}),
      svc({ name: 'redis', label: 'Redis', kind: 'redis' }),
      svc({ name: 'worker', label: 'Celery', kind: 'worker', activity: 'idle' }),
    ];
    expect(summarize(services)).toBe('Running 3 services: FastAPI (healthy), Redis (healthy), Celery (idle)');
    // In start order (datastores first) the reply still reads web, data, workers.
    expect(summarize([services[1]!, services[2]!, services[0]!])).toBe(
      'Running 3 services: FastAPI (healthy), Redis (healthy), Celery (idle)',
    );
    expect(
      summarize([svc({}), svc({ name: 'c', label: 'crasher', state: 'fatal', pid: null, health: 'unhealthy' })]),
    ).toBe('Running 1 of 2 services: FastAPI (healthy), crasher (FATAL)');
    expect(overallHealth(services)).toBe('healthy');
    expect(overallHealth([svc({ health: 'degraded' })])).toBe('degraded');
    expect(memorySentence(services, box)).toBe(
      'Memory: container 200 MB of 512 MB (39%); FastAPI 50 MB, Redis 50 MB, Celery 50 MB',
    );
  });
});

describe('diagnose', () => {
  it('finds problems from facts, worst first', () => {
    const findings = diagnose(
      [
        svc({ state: 'fatal', label: 'Celery', health: 'unhealthy' }),
        svc({ name: 'redis', label: 'Redis', restarts: 2, probe: { detail: 'PING', latency_ms: 900, at: '' } }),
      ],
      { ...box, memory_bytes: 480 * 2 ** 20 },
    );
    expect(findings.map((f) => f.severity)).toEqual(['critical', 'critical', 'warning', 'warning']);
    expect(diagnosisText(findings, [], box)).toMatch(
      /^Found 4 problems: Memory is at 94% of the limit \(480 MB of 512 MB\): close to being OOM-killed; Celery is FATAL/,
    );
  });

  it('says nothing looks wrong when nothing is', () => {
    expect(diagnosisText(diagnose([svc({})], box), [svc({})], box)).toBe(
      'Nothing looks wrong: 1 service healthy, memory 200 MB of 512 MB, CPU 5%.',
    );
  });
});

describe('confirmations (the one store: chat, control, recipes)', () => {
  it('are single-use and expire', () => {
    let now = 0;
    const store = createConfirmationStore({ now: () => now, ttlMs: 1000 });
    const action = { intent: 'restart' as const, args: { service: 'redis' }, risk: 'control' as const, confidence: 1 };
    const c1 = store.issue({
      action: 'restart',
      target: 'redis',
      key: 'control:restart:redis',
      risk: 'control',
      prompt: 'Restart redis?',
      payload: action,
    });
    expect(c1).toMatchObject({ prompt: 'Restart redis?', risk: 'control', target: 'redis', action: 'restart' });
    expect(store.peek(c1.token)).toMatchObject({ action: 'restart', target: 'redis' });
    expect(store.consume(c1.token)).toMatchObject({ ok: true, pending: { payload: action } });
    expect(store.consume(c1.token).ok).toBe(false);
    const c2 = store.issue({ action: 'restart', target: 'redis', key: 'k', risk: 'control', prompt: 'again' });
    now = 5000;
    expect(store.peek(c2.token)).toBeNull();
    expect(store.consume(c2.token).ok).toBe(false);
    expect(store.consume('made-up').ok).toBe(false);
  });
  it('bind a token to its key: a restart token cannot stop, nor restart another service', () => {
    const store = createConfirmationStore();
    const c = store.issue({
      action: 'restart',
      target: 'redis',
      key: 'control:restart:redis',
      risk: 'control',
      prompt: 'p',
    });
    expect(store.consume(c.token, 'control:stop:redis')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/issued for restart on 'redis'/),
    });
    const d = store.issue({
      action: 'restart',
      target: 'redis',
      key: 'control:restart:redis',
      risk: 'control',
      prompt: 'p',
    });
    expect(store.consume(d.token, 'control:restart:web').ok).toBe(false);
  });
});

describe('peers', () => {
  it('parses TEKTON_CI_PEERS and names a bad entry', () => {
    expect(parsePeers('db=myapp-db:7070, cache=10.0.0.2:7071')).toEqual([
      { name: 'db', host: 'myapp-db', port: 7070 },
      { name: 'cache', host: '10.0.0.2', port: 7071 },
    ]);
    expect(parsePeers(undefined)).toEqual([]);
    expect(() => parsePeers('db')).toThrow(/'db' is not name=host:port/);
  });
});

describe('postgres startup classification', () => {
  it('builds a v3 startup message and classifies answers like pg_isready', () => {
    const msg = startupMessage('postgres', 'postgres');
    expect(msg.readInt32BE(0)).toBe(msg.length);
    expect(msg.readInt32BE(4)).toBe(196608);
    expect(classifyStartupReply(Buffer.from('R\x00\x00\x00\x08\x00\x00\x00\x05'))).toBe('accepting');
    expect(classifyStartupReply(Buffer.from('E\x00\x00\x00\x40SFATAL\x00C28P01\x00Mpassword\x00\x00'))).toBe(
      'accepting',
    );
    expect(
      classifyStartupReply(
        Buffer.from('E\x00\x00\x00\x40SFATAL\x00C57P03\x00Mthe database system is starting up\x00\x00'),
      ),
    ).toBe('rejecting');
    expect(classifyStartupReply(Buffer.from('HTTP/1.1 400'))).toBe('no_response');
  });
});

describe('model backend', () => {
  it('recognises the API shape from the URL', () => {
    expect(modelApi('http://127.0.0.1:11434')).toEqual({ api: 'ollama', endpoint: 'http://127.0.0.1:11434/api/chat' });
    expect(modelApi('http://127.0.0.1:8080/v1')).toEqual({
      api: 'openai',
      endpoint: 'http://127.0.0.1:8080/v1/chat/completions',
    });
    expect(modelApi('http://127.0.0.1:9/api/generate')).toEqual({
      api: 'ollama',
      endpoint: 'http://127.0.0.1:9/api/chat',
    });
  });

  it('accepts only catalogue intents from a reply', () => {
    expect(parseModelReply(JSON.stringify({ choices: [{ message: { content: '{"intent": "memory"}' } }] }))).toBe(
      'memory',
    );
    expect(parseModelReply(JSON.stringify({ message: { content: '{"intent":"diagnose"}' } }))).toBe('diagnose');
    expect(parseModelReply(JSON.stringify({ choices: [{ message: { content: '{"intent": "rm -rf /"}' } }] }))).toBe(
      'unknown',
    );
    expect(parseModelReply('restart')).toBe('restart');
    expect(parseModelReply('I think you should delete everything')).toBe('unknown');
  });

  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push({ url: req.url, body: JSON.parse(body) });
      res.setHeader('content-type', 'application/json');
      res.end(
        req.url === '/v1/chat/completions'
          ? JSON.stringify({ choices: [{ message: { content: '{"intent":"memory"}' } }] })
          : JSON.stringify({ message: { content: '{"intent":"drop-tables"}' } }),
      );
    });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('asks an OpenAI-compatible or Ollama server on loopback and keeps to the catalogue', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    expect(
      await askModel({
        url: `http://127.0.0.1:${port}/v1`,
        model: 'm',
        question: 'is it fat?',
        facts: 'Running 1 service',
      }),
    ).toBe('memory');
    expect(await askModel({ url: `http://127.0.0.1:${port}/api/chat`, model: 'm', question: 'x', facts: '' })).toBe(
      'unknown',
    );
    const first = bodies[0] as { url: string; body: { model: string; messages: Array<{ content: string }> } };
    expect(first.body.model).toBe('m');
    expect(first.body.messages[0]!.content).toContain('"is it fat?"');
    expect(await askModel({ url: 'http://127.0.0.1:1', model: 'm', question: 'x', facts: '' })).toBe('unknown');
  });
});
