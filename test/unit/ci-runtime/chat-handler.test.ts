import { describe, expect, it } from 'vitest';
import type { ContainerMetrics, ServiceStatus } from '../../../protocol';
import { handleChat, type ChatWorld } from '../../../ci-runtime/chat/chat-handler';
import { createConfirmationStore } from '../../../ci-runtime/confirmations';
import type { RecipeEngine, RunRequest } from '../../../ci-runtime/recipe-engine/types';

const svc = (name: string, label: string, kind: string): ServiceStatus => ({
  name,
  kind,
  label,
  state: 'running',
  health: 'healthy',
  pid: 10,
  ports: [],
  memory_bytes: 10 * 2 ** 20,
  cpu_percent: 0,
  restarts: 0,
  uptime_s: 5,
});

function world(overrides: Partial<ChatWorld> = {}) {
  const actions: string[] = [];
  const runs: RunRequest[] = [];
  const recipes: RecipeEngine = {
    list: () => [
      {
        name: 'optimize-memory',
        description: 'frees memory',
        risk: 'control',
        phrases: ['optimize memory'],
        params: {},
        applies_to: [],
        source: 'builtin',
      },
    ],
    match: (p) => (/memory/.test(p) ? 'optimize-memory' : null),
    run: async (r) => {
      runs.push(r);
      return r.confirm === 'engine-token'
        ? { recipe: r.recipe, dryRun: false, ok: true, summary: 'Freed 12 MB', steps: ['MEMORY PURGE'], durationMs: 5 }
        : {
            recipe: r.recipe,
            dryRun: false,
            ok: false,
            summary: 'Needs confirmation',
            steps: [],
            durationMs: 0,
            confirm: {
              token: 'engine-token',
              prompt: 'Run optimize-memory?',
              risk: 'control',
              expires_at: '',
              target: 'optimize-memory',
              action: 'recipe:optimize-memory',
            },
          };
    },
    audit: () => [],
    add: async () => {
      throw new Error('no');
    },
  };
  const container: ContainerMetrics = {
    memory_bytes: 30 * 2 ** 20,
    memory_limit_bytes: null,
    cpu_percent: 1,
    cgroup: 'v2',
    uptime_s: 5,
  };
  const w: ChatWorld = {
    ciName: 'x-container-ci',
    token: 't',
    services: () => [svc('web', 'FastAPI', 'web'), svc('redis', 'Redis', 'redis')],
    container: () => container,
    discover: () => ({ declared: ['web', 'redis'], discovered: [], mismatches: [] }),
    logs: (s, n) => [`${s ?? 'all'} line`].slice(0, n),
    disks: () => [{ path: '/', freeBytes: 2 ** 30, totalBytes: 4 * 2 ** 30 }],
    control: async (action, name) => {
      actions.push(`${action} ${name}`);
      return { ok: true, detail: `${name} ${action}ed` };
    },
    recipes,
    peers: [],
    confirmations: createConfirmationStore(),
    model: null,
    ...overrides,
  };
  return { w, actions, runs };
}

describe('chat', () => {
  it('answers inspect intents from state', async () => {
    const { w } = world();
    expect((await handleChat(w, 'status?', { sender: 'me' })).content).toBe(
      'Running 2 services: FastAPI (healthy), Redis (healthy)',
    );
    expect((await handleChat(w, 'disk space', { sender: 'me' })).content).toBe(
      'Disk: / 1.0 GB free of 4.0 GB (75% used)',
    );
    expect((await handleChat(w, 'redis logs', { sender: 'me' })).content).toBe('redis line');
  });

  it('asks which service when a control phrase names none, and acts only after confirmation', async () => {
    const { w, actions } = world();
    expect((await handleChat(w, 'restart', { sender: 'me' })).content).toBe(
      'Which service should I restart? This container runs: web, redis.',
    );
    const asked = await handleChat(w, 'restart redis', { sender: 'me' });
    expect(actions).toEqual([]);
    expect(asked.confirm?.prompt).toBe('Restart redis?');
    const done = await handleChat(w, 'whatever', { sender: 'me', confirm: asked.confirm!.token });
    expect(done).toMatchObject({ intent: 'restart', content: 'redis restarted' });
    expect(actions).toEqual(['restart redis']);
    await handleChat(w, 'whatever', { sender: 'me', confirm: asked.confirm!.token });
    expect(actions).toEqual(['restart redis']);
  });

  it('does nothing for a negated order', async () => {
    const { w, actions } = world();
    expect((await handleChat(w, "don't stop redis", { sender: 'me' })).content).toBe(
      "OK, I won't stop redis. Nothing was done.",
    );
    expect(actions).toEqual([]);
  });

  it('sends optimize-memory through the recipe engine and its own confirmation', async () => {
    const { w, runs } = world();
    const first = await handleChat(w, 'please optimize memory', { sender: 'me' });
    expect(first).toMatchObject({ intent: 'optimize-memory', confirm: { token: 'engine-token' } });
    const second = await handleChat(w, 'please optimize memory', { sender: 'me', confirm: 'engine-token' });
    expect(second.content).toBe('Freed 12 MB');
    expect(runs.map((r) => [r.recipe, r.confirm, r.sender])).toEqual([
      ['optimize-memory', undefined, 'me'],
      ['optimize-memory', 'engine-token', 'me'],
    ]);
  });

  it('answers here a message that names this CI itself, and reports one it cannot reach', async () => {
    const { w } = world();
    expect(await handleChat(w, 'how is everything on x-container-ci', { sender: 'me' })).toMatchObject({
      intent: 'status',
      content: 'Running 2 services: FastAPI (healthy), Redis (healthy)',
    });
    const other = await handleChat(w, 'how is everything on y-container-ci', { sender: 'me' });
    expect(other.intent).toBe('unknown');
    expect(other.content).toMatch(/^I cannot reach y-container-ci/);
  });

  it('says what it can do when it does not understand', async () => {
    const { w } = world();
    const r = await handleChat(w, 'sing me a song', { sender: 'me' });
    expect(r.intent).toBe('unknown');
    expect(r.content).toMatch(/^I'm not sure what you mean\. I can tell you: status.*Say "help" for examples\./);
  });
});

describe('chat with a model backend (loopback)', () => {
  it('uses the model only for unknown phrases, keeps to the catalogue, and still asks before control', async () => {
    const { createServer } = await import('node:http');
    let answer = 'memory';
    let calls = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        calls++;
        res.end(JSON.stringify({ choices: [{ message: { content: JSON.stringify({ intent: answer }) } }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as { port: number }).port;
      const { w, actions } = world({ model: { url: `http://127.0.0.1:${port}/v1`, name: 'tiny' } });
      expect((await handleChat(w, 'status', { sender: 'me' })).intent).toBe('status');
      expect(calls).toBe(0);
      const r1 = await handleChat(w, 'is the box getting chubby', { sender: 'me' });
      expect(r1).toMatchObject({ intent: 'memory', content: expect.stringMatching(/^Memory: container 30 MB/) });
      answer = 'restart';
      const r2 = await handleChat(w, 'give redis a kick in the pants', { sender: 'me' });
      expect(r2).toMatchObject({
        intent: 'restart',
        args: { service: 'redis' },
        confirm: { prompt: 'Restart redis?' },
      });
      expect(actions).toEqual([]);
      answer = 'format-disk';
      expect((await handleChat(w, 'zap everything', { sender: 'me' })).intent).toBe('unknown');
    } finally {
      server.close();
    }
  });
});
