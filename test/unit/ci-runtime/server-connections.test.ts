// The CI's real socket server on a temporary Unix socket, against what the fuzzing benchmark found
// (docs/benchmarks.md, "Security: fuzzing"): a last line without a newline, replies owed after the
// client ends its side, thousands of pipelined requests from a client that reads, an id of 1e999,
// `events` asked again and again on one connection, and connections that never finish a line
// holding every slot.
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineSplitter, type ServiceStatus } from '../../../protocol';
import type { CiCore } from '../../../ci-runtime/server/core';
import { MAX_CLIENTS, startServer } from '../../../ci-runtime/server/server';

const TOKEN = 'server-test-token';
let subscriptions = 0;
// Big enough that 3000 status replies are far past the 4 MiB a client that does not read may hold.
const services: ServiceStatus[] = Array.from({ length: 4 }, (_, i) => ({
  name: `svc-${i}-${'x'.repeat(300)}`,
  kind: 'web',
  label: 'Web',
  state: 'running',
  health: 'healthy',
  pid: 10 + i,
  ports: [8000 + i],
  memory_bytes: 1,
  cpu_percent: 0,
  restarts: 0,
  uptime_s: 1,
}));
const core = {
  ciName: 'conn-test-container-ci',
  version: 't',
  capabilities: [],
  modelName: null,
  tcpPort: null,
  services: () => services,
  container: () => ({ memory_bytes: 1, memory_limit_bytes: null, cpu_percent: 0, cgroup: 'v2', uptime_s: 1 }),
  parse: () => ({ intent: 'status', args: {}, risk: 'inspect', confidence: 1 }),
  // An answer that comes later, as a real chat (or recipe) answer does.
  chat: () => new Promise((r) => setTimeout(() => r({ content: 'later', intent: 'status', args: {} }), 50)),
  subscribe: () => {
    subscriptions++;
    return () => {
      subscriptions--;
    };
  },
} as unknown as CiCore;

let dir = '';
let socketPath = '';
let close: () => Promise<void> = async () => undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ci-conn-'));
  socketPath = join(dir, 'ci.sock');
  close = (await startServer({ socketPath, token: TOKEN, core })).close;
});
afterAll(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` (then ends our side when asked) and collects reply lines until the CI closes or `want` came. */
function exchange(
  text: string,
  { end = false, want = Number.POSITIVE_INFINITY }: { end?: boolean; want?: number } = {},
): Promise<{ replies: Array<Record<string, unknown>>; closedByCi: boolean }> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ path: socketPath, allowHalfOpen: true });
    const lines = new LineSplitter(1 << 20);
    const replies: Array<Record<string, unknown>> = [];
    s.on('data', (c) => {
      for (const ev of lines.push(c)) if (ev.kind === 'line') replies.push(JSON.parse(ev.text));
      if (replies.length >= want) {
        s.destroy();
        resolve({ replies, closedByCi: false });
      }
    });
    s.on('end', () => resolve({ replies, closedByCi: true }));
    s.on('error', reject);
    s.on('connect', () => (end ? s.end(text) : s.write(text)));
  });
}

function openIdle(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection(socketPath);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

describe('the CI server and its connections', () => {
  it('answers a last line sent without a newline once the client ends its side', async () => {
    const r = await exchange('{"type":"ping","id":"no-newline"}', { end: true });
    expect(r.replies).toEqual([expect.objectContaining({ type: 'pong', id: 'no-newline' })]);
    expect(r.closedByCi).toBe(true);
  });

  it('still sends a reply that comes later after the client ended its side, then ends the connection', async () => {
    const r = await exchange(`${JSON.stringify({ type: 'chat', content: 'status', id: 'late', token: TOKEN })}\n`, {
      end: true,
    });
    expect(r.replies).toEqual([expect.objectContaining({ type: 'response', id: 'late', content: 'later' })]);
    expect(r.closedByCi).toBe(true);
  });

  it('answers 3000 pipelined requests in order to a client that reads them', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `{"type":"status","id":${i},"token":"${TOKEN}"}\n`).join('');
    const r = await exchange(text, { want: 3000 });
    expect(r.closedByCi).toBe(false);
    expect(r.replies.map((x) => x.id)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(r.replies.every((x) => x.type === 'status_response')).toBe(true);
  });

  it('refuses an id that JSON reads as Infinity instead of echoing it as null', async () => {
    const r = await exchange('{"type":"ping","id":1e999}\n{"type":"ping","id":-1e999}\n', { want: 2 });
    for (const reply of r.replies) {
      expect(reply).toMatchObject({ type: 'error', code: 'bad_request', message: expect.stringMatching(/finite/) });
      expect('id' in reply).toBe(false);
    }
  });

  it('subscribes a connection to events once however often it asks', async () => {
    const s = createConnection(socketPath);
    const lines = new LineSplitter(1 << 20);
    const replies: Array<Record<string, unknown>> = [];
    s.on('data', (c) => {
      for (const ev of lines.push(c)) if (ev.kind === 'line') replies.push(JSON.parse(ev.text));
    });
    await new Promise((r) => s.once('connect', r));
    s.write(`{"type":"events","token":"${TOKEN}"}\n`.repeat(1000));
    s.write('{"type":"ping","id":"after"}\n');
    while (!replies.some((r) => r.id === 'after')) await new Promise((r) => setTimeout(r, 10));
    expect(subscriptions).toBe(1);
    expect(replies.filter((r) => r.code === 'bad_request')).toHaveLength(999);
    s.destroy();
    while (subscriptions > 0) await new Promise((r) => setTimeout(r, 10));
  });

  it('lets a new client in when every slot is held by connections that never finish a line', async () => {
    const slow: Socket[] = [];
    for (let i = 0; i < MAX_CLIENTS; i++) {
      const s = await openIdle();
      s.on('error', () => undefined);
      s.write('{"type":"status","content":"');
      slow.push(s);
    }
    const firstSaid = new Promise<string>((r) => slow[0]!.once('data', (d) => r(String(d))));
    try {
      const r = await exchange(`${JSON.stringify({ type: 'status', id: 'host', token: TOKEN })}\n`, { want: 1 });
      expect(r.replies[0]).toMatchObject({ type: 'status_response', id: 'host' });
      // The connection idle the longest made room, and was told why.
      expect(JSON.parse(await firstSaid)).toMatchObject({
        type: 'error',
        code: 'refused',
        message: /idle the longest/,
      });
    } finally {
      for (const s of slow) s.destroy();
    }
  });

  it('refuses a newcomer with a line when every slot is busy streaming events', async () => {
    const streams: Socket[] = [];
    for (let i = 0; i < MAX_CLIENTS; i++) {
      const s = await openIdle();
      s.on('error', () => undefined);
      s.write(`{"type":"events","token":"${TOKEN}"}\n`);
      streams.push(s);
    }
    while (subscriptions < MAX_CLIENTS) await new Promise((r) => setTimeout(r, 10));
    try {
      const r = await exchange('{"type":"ping","id":"late"}\n', { want: 1 });
      expect(r.replies[0]).toMatchObject({ type: 'error', code: 'refused', message: /too many connections/ });
    } finally {
      for (const s of streams) s.destroy();
    }
  });
});
