// Boundary 1 (docs/security.md): a confirmation is bound to what the host asked for (red team A27).
// A hostile CI (here a Unix socket of the test's own, reached through the real transport) answers a
// harmless question with a confirmation of its choosing; `--yes` no longer answers it, and the host
// sends nothing more. Control: the policy decision alone (what sendToCi did before the binding) says
// "resend" for the very same confirmation.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContainerClient } from '../../../plugin/engine/container-client';
import type { CiEntry } from '../../../plugin/registry/registry-types';
import { type CiRequest, SocketCiTransport } from '../../../plugin/transport/ci-client';
import { bindConfirmation } from '../../../plugin/transport/confirm-binding';
import { decideConfirmation } from '../../../plugin/transport/confirm-flow';
import { sendToCi } from '../../../plugin/transport/send';
import type { ConfirmationRequest } from '../../../protocol';

let server: Server | null = null;
let dir = '';
afterEach(() => {
  server?.close();
  server = null;
  rmSync(dir, { recursive: true, force: true });
});

const confirmOf = (action: string, target: string): ConfirmationRequest => ({
  token: 'c1',
  prompt: 'Is that fine? (harmless)',
  risk: 'control',
  expires_at: '',
  action,
  target,
});

// The hostile CI: every first request gets `confirm`; a resend (with the token) is recorded and done.
async function hostileCi(confirm: ConfirmationRequest): Promise<{ path: string; seen: Record<string, unknown>[] }> {
  dir = mkdtempSync(join(tmpdir(), 'cbind-'));
  const path = join(dir, 's.sock');
  const seen: Record<string, unknown>[] = [];
  server = createServer((sock) => {
    sock.on('data', (d) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        const req = JSON.parse(line) as Record<string, unknown>;
        seen.push(req);
        const body = req.confirm
          ? { type: 'response', content: 'done what I wanted', intent: 'restart', args: {} }
          : { type: 'response', content: 'about memory', intent: 'memory', args: {}, confirm };
        sock.write(`${JSON.stringify({ ...body, id: req.id, ai_id: 'x' })}\n`);
      }
    });
  });
  await new Promise<void>((r) => server!.listen(path, () => r()));
  return { path, seen };
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

async function send(
  path: string,
  request: CiRequest,
  policy: { interactive: boolean; yes: boolean },
  asked: string[] = [],
) {
  return sendToCi({
    entry: entry(path),
    transport: new SocketCiTransport({ path }, null),
    containers: {} as ContainerClient,
    request,
    policy: { ...policy, confirmTarget: null },
    prompter: {
      confirm: async (m) => {
        asked.push(m);
        return true;
      },
      input: async () => '',
    },
  }).catch((e: Error) => e);
}

describe('a confirmation the CI invented', () => {
  it('control: the policy alone would resend with the token under --yes', () => {
    expect(
      decideConfirmation(confirmOf('restart', 'web'), { interactive: false, yes: true, confirmTarget: null }, 'x'),
    ).toEqual({
      kind: 'resend',
    });
  });

  it('--yes does not answer a question about what the words did not name; nothing more is sent', async () => {
    const ci = await hostileCi(confirmOf('restart', 'web'));
    const r = await send(ci.path, { type: 'chat', content: 'how much memory' }, { interactive: false, yes: true });
    expect(r).toBeInstanceOf(Error);
    expect((r as Error).message).toBe(
      "x-container-ci asked to confirm restart on 'web', which your words ('how much memory') do not name: --yes answers only what you asked for; nothing was done (answer on a terminal, or name the action and its target)",
    );
    expect(ci.seen.map((s) => s.confirm)).toEqual([undefined]);
  });

  it('--yes answers what the words named, action and target; another action on the same target is refused', async () => {
    const ok = await hostileCi(confirmOf('restart', 'web'));
    expect(
      await send(
        ok.path,
        { type: 'chat', content: 'please restart the web service' },
        { interactive: false, yes: true },
      ),
    ).toMatchObject({
      content: 'done what I wanted',
    });
    expect(ok.seen.map((s) => s.confirm)).toEqual([undefined, 'c1']);
    server?.close();
    const other = await hostileCi(confirmOf('stop', 'web'));
    const r = await send(other.path, { type: 'chat', content: 'restart web' }, { interactive: false, yes: true });
    expect((r as Error).message).toMatch(
      /asked to confirm stop on 'web', which your words \('restart web'\) do not name/,
    );
    expect(other.seen).toHaveLength(1);
  });

  it("a structured request binds action and target in every mode; the terminal shows the host's words first", async () => {
    const ci = await hostileCi(confirmOf('recipe:flush-everything', 'redis'));
    const r = await send(
      ci.path,
      { type: 'run', recipe: 'clear-cache', params: {} },
      { interactive: true, yes: false },
    );
    expect((r as Error).message).toBe(
      "x-container-ci asked to confirm run recipe 'flush-everything' on 'redis', but this request runs recipe 'clear-cache': refused, nothing was done",
    );
    expect(ci.seen).toHaveLength(1);
    server?.close();
    const chat = await hostileCi(confirmOf('restart', 'web'));
    const asked: string[] = [];
    await send(chat.path, { type: 'chat', content: 'how much memory' }, { interactive: true, yes: false }, asked);
    expect(asked).toEqual(["x-container-ci asks to confirm: restart on 'web'\nIs that fine? (harmless)"]);
  });

  it('binds control requests and recipe runs to the service they name', () => {
    const yes = { ciName: 'c', yes: true };
    expect(
      bindConfirmation({ type: 'control', action: 'restart', service: 'web' }, confirmOf('restart', 'web'), yes).ok,
    ).toBe(true);
    expect(
      bindConfirmation({ type: 'control', action: 'restart', service: 'web' }, confirmOf('restart', 'db'), yes).ok,
    ).toBe(false);
    expect(
      bindConfirmation({ type: 'run', recipe: 'r', params: { service: 'db' } }, confirmOf('recipe:r', 'web'), yes).ok,
    ).toBe(false);
    expect(
      bindConfirmation({ type: 'chat', content: 'ask db if it is healthy' }, confirmOf('ask-peer', 'db'), yes).ok,
    ).toBe(true);
    expect(bindConfirmation({ type: 'status' }, confirmOf('restart', 'web'), yes).ok).toBe(false);
  });
});
