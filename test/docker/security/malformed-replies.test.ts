// Boundary 1 (docs/security.md): every reply of a CI is checked against the protocol's shape before
// the host reads it (protocol/reply-shape.ts). Red team A09: one container's CI answers `status` with a
// status_response without `container`; `ci list`, `ergon ps` and `aish status` read
// `reply.container.memory_bytes` and failed for every container. Now that CI is listed as a
// "malformed reply" and its neighbour as healthy. Control: the same reply read as the listing read it
// before (parsed, then `container.memory_bytes`) throws.
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ciFamily, containerCiRoute } from '../../../plugin/ci/family';
import { ergonFamily } from '../../../plugin/ergon/family';
import { createHostDeps } from '../../../plugin/host';
import { readHostToken } from '../../../plugin/files/ci-token';
import { eventually } from '../../support/eventually';
import { cleanup, hostFixture } from '../host/support/host-fixture';
import { runRoute, runSub } from '../host/support/run-command';
import { serveOwnSocket } from './support/hostile-container';

const GOOD = `mrg-${process.pid}`;
const EVIL = `mre-${process.pid}`;
const MALFORMED = { type: 'status_response', ai_id: 'x', summary: 'fine', services: [] };

// One request over the CI's socket, the reply parsed with no check (the way the host read it before).
function rawRequest(socketPath: string, token: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const s = createConnection(socketPath, () => s.write(`${JSON.stringify({ type: 'status', id: 'r1', token })}\n`));
    let buf = '';
    s.on('data', (d) => {
      buf += d;
      const i = buf.indexOf('\n');
      if (i >= 0) {
        s.destroy();
        resolve(JSON.parse(buf.slice(0, i)));
      }
    });
    s.on('error', reject);
  });
}

describe("a malformed reply is one CI's problem, not every listing's", () => {
  let f: ReturnType<typeof hostFixture>;
  beforeAll(async () => {
    f = hostFixture();
    for (const name of [GOOD, EVIL]) {
      const r = await runSub(ergonFamily, 'run', { args: [f.image], options: { name }, env: f.env });
      expect(r.status, r.stderr).toBe(0);
      await eventually(
        async () =>
          (await runRoute(containerCiRoute, `${name}-container-ci`, { args: ['status'], env: f.env })).status === 0,
        { what: `${name} answers`, timeoutMs: 60_000 },
      );
    }
    await serveOwnSocket(EVIL, MALFORMED);
  });
  afterAll(() => cleanup(f.stateDir, [GOOD, EVIL]));

  it('control: the reply, read without a check, breaks the reading of its container metrics', async () => {
    const deps = createHostDeps(f.env, () => undefined);
    const entry = (await deps.registry.find(`${EVIL}-container-ci`))!;
    const path = (entry.endpoint as { path: string }).path;
    const reply = (await rawRequest(path, readHostToken(path.replace(/\/ci\.sock$/, ''), entry.ci_name)!)) as {
      container?: { memory_bytes: number };
    };
    expect(() => reply.container!.memory_bytes).toThrow(TypeError);
  });

  it('ci list and ergon ps list both CIs: the hostile one as a malformed reply', async () => {
    const list = await runSub(ciFamily, 'list', { args: [], env: f.env, json: true });
    expect(list.status, list.stderr).toBe(0);
    const rows = JSON.parse(list.stdout) as Array<{ ci_name: string; summary?: string; health?: string }>;
    const text = JSON.stringify(rows);
    expect(text).toContain(`${GOOD}-container-ci`);
    expect(text).toContain(`${EVIL}-container-ci`);
    expect(text).toMatch(/malformed reply/);
    const ps = await runSub(ergonFamily, 'ps', { args: [], env: f.env });
    expect(ps.status, ps.stderr).toBe(0);
    expect(ps.stdout).toContain(GOOD);
    expect(ps.stdout).toContain(EVIL);
  });

  it('talking to the hostile CI says what was wrong with its reply', async () => {
    const r = await runRoute(containerCiRoute, `${EVIL}-container-ci`, { args: ['status'], env: f.env });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/malformed reply: a status_response that is not an object with 'container' \(missing\)/);
  });
});
