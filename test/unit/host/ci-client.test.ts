import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocketCiTransport, CiUnreachableError } from '../../../plugin/transport/ci-client';
import { sendToCi } from '../../../plugin/transport/send';
import type { CiEntry } from '../../../plugin/registry/registry-types';
import type { ContainerClient } from '../../../plugin/engine/container-client';

// Local Unix-socket servers standing in for a CI's socket (the protocol side is the runtime's; here
// only the client's handling of silence, garbage, ids and confirmation is under test).
let server: Server | null = null;
let dir = '';
afterEach(() => {
  server?.close();
  server = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function serve(onLine: (line: string, write: (o: object | string) => void) => void): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'cic-'));
  const path = join(dir, 's.sock');
  server = createServer((sock) => {
    let buf = '';
    sock.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const l = buf.slice(0, i);
        buf = buf.slice(i + 1);
        onLine(l, (o) => sock.write(typeof o === 'string' ? o : `${JSON.stringify(o)}\n`));
      }
    });
  });
  await new Promise<void>((r) => server!.listen(path, () => r()));
  return path;
}

const entry = (path: string): CiEntry => ({
  ci_name: 'x-container-ci',
  container: 'x',
  container_id: 'cid',
  image: 'i',
  project: null,
  app: null,
  manifest_hash: null,
  endpoint: { kind: 'socket', path },
  token_file: null,
  state: 'running',
  ports: [],
  source: 'ergon',
  updated_at: '',
});
const engine = (state: object | null): ContainerClient =>
  ({ inspect: async () => (state ? { State: state } : null) }) as unknown as ContainerClient;

describe('socket CI client', () => {
  it('decodes a reply whose multi-byte characters arrive split across packets', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cic-'));
    const path = join(dir, 's.sock');
    server = createServer((sock) => {
      sock.once('data', (d) => {
        const id = JSON.parse(d.toString()).id;
        const bytes = Buffer.from(
          `${JSON.stringify({
            type: 'response',
            id,
            ai_id: 'x',
            content: 'RSS 161.8 → 15.5 MB',
            intent: 'status',
            args: {},
          })}\n`,
        );
        const cut = bytes.indexOf(Buffer.from('→')) + 1; // inside the arrow's three bytes
        sock.write(bytes.subarray(0, cut));
        setTimeout(() => sock.write(bytes.subarray(cut)), 20);
      });
    });
    await new Promise<void>((r) => server!.listen(path, () => r()));
    const reply = await new SocketCiTransport({ path }, 'tok').request({ type: 'chat', content: 'memory' });
    expect(reply.type === 'response' && reply.content).toBe('RSS 161.8 → 15.5 MB');
  });

  it('a CI that never answers gives a timeout error, not a hang', async () => {
    const path = await serve(() => undefined);
    const t0 = Date.now();
    const err = await new SocketCiTransport({ path }, 'tok')
      .request({ type: 'status' }, { timeoutMs: 300 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(CiUnreachableError);
    expect(err.reason).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('skips garbage and replies for other ids; sends the token', async () => {
    let seen: Record<string, unknown> = {};
    const path = await serve((line, write) => {
      seen = JSON.parse(line);
      write({ type: 'pong', id: 'someone-else', ai_id: 'x', timestamp: '' });
      write('this is not json\n');
      write({ type: 'pong', id: seen.id as string, ai_id: 'x', timestamp: 't' });
    });
    const reply = await new SocketCiTransport({ path }, 'tok').request({ type: 'ping' });
    expect(reply).toMatchObject({ type: 'pong', timestamp: 't' });
    expect(seen.token).toBe('tok');
  });

  it("a missing socket is a refusal naming the socket; sendToCi adds the engine's view", async () => {
    const missing = join(tmpdir(), `nope-${process.pid}.sock`);
    const e = entry(missing);
    const err = await sendToCi({
      entry: e,
      transport: new SocketCiTransport({ path: missing }, null),
      containers: engine({ Running: false, Status: 'exited', ExitCode: 137, OOMKilled: true }),
      request: { type: 'status' },
      policy: { interactive: false, yes: false, confirmTarget: null },
      prompter: { confirm: async () => true, input: async () => '' },
    }).catch((x) => x);
    expect(err.message).toMatch(
      /x-container-ci did not answer .*unix:.*ENOENT.*container x is exited \(exit code 137, OOM-killed\)/,
    );
  });

  it('confirmation round trip: --yes resends with the token; a TTY "no" stops', async () => {
    const requests: Record<string, unknown>[] = [];
    const path = await serve((line, write) => {
      const req = JSON.parse(line);
      requests.push(req);
      if (req.confirm === 'ctok')
        write({ type: 'response', id: req.id, ai_id: 'x', content: 'restarted worker', intent: 'restart', args: {} });
      else
        write({
          type: 'response',
          id: req.id,
          ai_id: 'x',
          content: 'Restart worker?',
          intent: 'restart',
          args: {},
          confirm: {
            token: 'ctok',
            prompt: 'Restart worker?',
            risk: 'control',
            expires_at: '',
            action: 'restart',
            target: 'worker',
          },
        });
    });
    const base = {
      entry: entry(path),
      transport: new SocketCiTransport({ path }, null),
      containers: engine(null),
      request: { type: 'chat' as const, content: 'restart worker' },
    };
    const yes = await sendToCi({
      ...base,
      policy: { interactive: false, yes: true, confirmTarget: null },
      prompter: { confirm: async () => false, input: async () => '' },
    });
    expect(yes).toMatchObject({ type: 'response', content: 'restarted worker' });
    expect(requests.map((r) => r.confirm)).toEqual([undefined, 'ctok']);
    const no = await sendToCi({
      ...base,
      policy: { interactive: true, yes: false, confirmTarget: null },
      prompter: { confirm: async () => false, input: async () => '' },
    }).catch((x) => x);
    expect(no.message).toMatch(/Not confirmed: nothing was done/);
    expect(requests).toHaveLength(3);
  });
});
