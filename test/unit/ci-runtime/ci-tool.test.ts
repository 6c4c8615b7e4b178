import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceStatus } from '../../../protocol';
import type { CiCore } from '../../../ci-runtime/server/core';
import { startServer } from '../../../ci-runtime/server/server';
import { runHealthcheck } from '../../../ci-runtime/tool/healthcheck';
import { runRelay } from '../../../ci-runtime/tool/relay';

// The CI's relay and HEALTHCHECK (ci-tool.js) against the CI's real socket server on a temporary
// socket, with the token in a file as in the container (root reads it; the services cannot).
const TOKEN = 'tool-test-token';
let dir = '';
let close: (() => Promise<void>) | null = null;
afterEach(async () => {
  await close?.();
  close = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function service(health: ServiceStatus['health']): ServiceStatus {
  return {
    name: 'web',
    kind: 'web',
    label: 'FastAPI',
    state: 'running',
    health,
    pid: 7,
    ports: [8000],
    memory_bytes: null,
    cpu_percent: null,
    restarts: 0,
    uptime_s: 1,
  };
}

async function startCi(health: ServiceStatus['health']): Promise<Record<string, string>> {
  dir = mkdtempSync(join(tmpdir(), 'ci-tool-'));
  const socketPath = join(dir, 'ci.sock');
  const core = {
    ciName: 'tool-ci',
    version: 't',
    capabilities: [],
    modelName: null,
    tcpPort: null,
    services: () => [service(health)],
  } as unknown as CiCore;
  close = (await startServer({ socketPath, token: TOKEN, core })).close;
  writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
  return { TEKTON_CI_SOCKET: socketPath, TEKTON_CI_TOKEN_FILE: join(dir, 'token') };
}

function capture(): { lines: string[]; write: (l: string) => void } {
  const lines: string[] = [];
  return { lines, write: (l) => lines.push(l) };
}

describe('ci-tool healthcheck', () => {
  it('exits 0 and names the state when the CI says healthy or degraded', async () => {
    for (const health of ['healthy', 'degraded'] as const) {
      const env = await startCi(health);
      const out = capture();
      expect(await runHealthcheck({ env, out: out.write })).toBe(0);
      expect(out.lines).toEqual([`container CI: ${health}`]);
      await close?.();
      close = null;
    }
  });

  it('exits 1 when the CI says unhealthy', async () => {
    const env = await startCi('unhealthy');
    const out = capture();
    expect(await runHealthcheck({ env, out: out.write })).toBe(1);
    expect(out.lines).toEqual(['container CI: unhealthy']);
  });

  it('asks ping (no token needed) when no token can be read', async () => {
    const env = await startCi('unhealthy');
    const out = capture();
    const code = await runHealthcheck({ env: { ...env, TEKTON_CI_TOKEN_FILE: join(dir, 'absent') }, out: out.write });
    expect(out.lines).toEqual(['container CI answers']);
    expect(code).toBe(0);
  });

  it('exits 1 naming the socket error when no CI listens', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-tool-'));
    const out = capture();
    expect(await runHealthcheck({ env: { TEKTON_CI_SOCKET: join(dir, 'none.sock') }, out: out.write })).toBe(1);
    expect(out.lines[0]).toMatch(/^container CI socket: .*ENOENT/);
  });

  it('exits 1 within its 4 s budget when the CI accepts but never answers', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ci-tool-'));
    const path = join(dir, 'silent.sock');
    const held: Socket[] = [];
    const silent = createServer((s) => {
      held.push(s); /* accepts, never answers */
    });
    await new Promise<void>((r) => silent.listen(path, () => r()));
    close = () =>
      new Promise<void>((r) => {
        for (const s of held) s.destroy();
        silent.close(() => r());
      });
    const out = capture();
    const started = Date.now();
    expect(await runHealthcheck({ env: { TEKTON_CI_SOCKET: path }, out: out.write })).toBe(1);
    expect(out.lines).toEqual(['container CI did not answer within 4 s']);
    expect(Date.now() - started).toBeLessThan(4900);
  }, 10_000);
});

describe('ci-tool relay', () => {
  it('adds the token from the file and prints the reply as one JSON line', async () => {
    const env = await startCi('healthy');
    const out = capture();
    const err = capture();
    expect(await runRelay({ args: ['{"type":"health","id":"x1"}'], env, out: out.write, err: err.write })).toBe(0);
    expect(err.lines).toEqual([]);
    expect(out.lines).toHaveLength(1);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({
      type: 'health_response',
      id: 'x1',
      status: 'healthy',
      component: 'tool-ci',
    });
  });

  it('prefers the token in the environment (docker exec inherits the container env)', async () => {
    const env = await startCi('healthy');
    writeFileSync(env.TEKTON_CI_TOKEN_FILE!, 'wrong-token\n');
    const out = capture();
    const code = await runRelay({
      args: ['{"type":"health"}'],
      env: { ...env, TEKTON_CI_TOKEN: TOKEN },
      out: out.write,
      err: () => {},
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ type: 'health_response' });
  });

  it("passes the CI's refusal through when the token is wrong", async () => {
    const env = await startCi('healthy');
    writeFileSync(env.TEKTON_CI_TOKEN_FILE!, 'wrong-token\n');
    const out = capture();
    expect(await runRelay({ args: ['{"type":"health"}'], env, out: out.write, err: () => {} })).toBe(0);
    expect(JSON.parse(out.lines[0]!)).toMatchObject({ type: 'error' });
  });

  it('refuses a request that is not a JSON object with a type (exit 2), and an unreachable CI (exit 3)', async () => {
    const err = capture();
    expect(await runRelay({ args: ['not json'], env: {}, out: () => {}, err: err.write })).toBe(2);
    expect(err.lines[0]).toMatch(/one JSON object with a "type"/);
    dir = mkdtempSync(join(tmpdir(), 'ci-tool-'));
    const err2 = capture();
    const code = await runRelay({
      args: ['{"type":"ping"}', '500'],
      env: { TEKTON_CI_SOCKET: join(dir, 'none.sock') },
      out: () => {},
      err: err2.write,
    });
    expect(code).toBe(3);
    expect(err2.lines[0]).toMatch(/ENOENT/);
  });
});
