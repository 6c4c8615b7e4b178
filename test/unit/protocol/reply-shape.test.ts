// Every reply type has a shape the host checks before reading (protocol/reply-shape.ts, red team A09).
import { describe, expect, it } from 'vitest';
import { checkReply } from '../../../protocol';

const service = {
  name: 'web',
  kind: 'http',
  label: 'FastAPI',
  state: 'running',
  health: 'healthy',
  pid: 12,
  ports: [8000],
  memory_bytes: 1024,
  cpu_percent: null,
  restarts: 0,
  uptime_s: 5,
};
const status = {
  type: 'status_response',
  ai_id: 'x-container-ci',
  summary: '1 service',
  services: [service],
  container: { memory_bytes: 1, memory_limit_bytes: null, cpu_percent: 0, cgroup: 'v2', uptime_s: 3 },
};

describe('checkReply', () => {
  it('accepts well-formed replies of every kind the CI sends', () => {
    for (const r of [
      status,
      { type: 'pong', ai_id: 'x', timestamp: 'now' },
      { type: 'health_response', ai_id: 'x', status: 'healthy', component: 'x', model: null, clients: 1, services: [] },
      { type: 'response', ai_id: 'x', content: 'ok', intent: 'status', args: {} },
      { type: 'error', ai_id: 'x', code: 'refused', message: 'no' },
      { type: 'logs_response', ai_id: 'x', service: null, lines: ['a'] },
      {
        type: 'run_response',
        ai_id: 'x',
        recipe: 'r',
        dry_run: true,
        ok: true,
        summary: 's',
        steps: [],
        duration_ms: 3,
        confirm: { token: 't', prompt: 'p', risk: 'control', expires_at: 'z', target: 'web', action: 'recipe:r' },
      },
    ])
      expect(checkReply(r), JSON.stringify(r)).toEqual({ ok: true, reply: r });
  });

  it('refuses a reply with a missing or mistyped field, naming it', () => {
    const { container: _, ...noContainer } = status;
    expect(checkReply(noContainer)).toEqual({
      ok: false,
      reason: "a status_response that is not an object with 'container' (missing)",
    });
    expect(checkReply({ ...status, container: null }).ok).toBe(false);
    expect(checkReply({ ...status, services: [{ ...service, ports: 'all' }] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/'services' is a list whose item 0 is an object whose 'ports' is a list/),
    });
    expect(checkReply({ type: 'response', content: 7, intent: 'status' }).ok).toBe(false);
    expect(checkReply({ type: 'response', content: 'x', intent: 'status', confirm: { token: 1 } }).ok).toBe(false);
    expect(checkReply({ type: 'error', code: 'x' }).ok).toBe(false);
  });

  it('refuses what is not a reply at all', () => {
    for (const v of [null, 3, 'x', [], {}, { type: 'rm -rf' }, { type: 'toString' }, { ...status, id: {} }])
      expect(checkReply(v).ok, JSON.stringify(v)).toBe(false);
  });
});
