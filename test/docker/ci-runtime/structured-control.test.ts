// Structured control on the real engine: services named like intents ('status', 'logs') are
// restarted through `control` requests (as the host's auto-heal sends them) and through chat, each
// behind a confirmation that names its target; chat over 4 KB is refused and the CI answers on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHAT_BYTES } from '../../../protocol';
import { healMayConfirm, healRequest } from '../../../plugin/monitor/heal-policy';
import { eventually } from '../../support/eventually';
import {
  ask,
  buildFixtureImage,
  docker,
  removeContainer,
  startContainer,
  waitForCi,
  type CiContainer,
} from './support';

const IMAGE = `tekton-test/ci-control-${process.pid}:latest`;
const node = (code: string) => ['/opt/tekton-ci/node', '-e', code];
const app = (type: string, run: string[], port: number | null) => ({
  type,
  language: 'node',
  framework: null,
  entrypoint: null,
  dependencies: [],
  build_commands: [],
  run_command: run,
  port,
  health: null,
});
const manifest = {
  manifest_version: 1,
  project: { name: 'ctl', repository: null },
  applications: {
    status: app('web', node("require('http').createServer((q, s) => s.end('ok')).listen(8080)"), 8080),
    logs: app('worker', node('setInterval(() => {}, 1000)'), null),
  },
  containers: {
    ctl: {
      base_image: 'scratch',
      applications: ['status', 'logs'],
      ports: [8080],
      ci_name: 'ctl-container-ci',
      ci_capabilities: [],
    },
  },
  packaging: { build_order: ['ctl'], registry: null, tagging: 'content-hash' },
};

type Svc = { name: string; pid: number | null; state: string; health: string };

describe('structured control on the real engine', () => {
  let c: CiContainer | undefined;
  beforeAll(async () => {
    await buildFixtureImage({ fixture: 'bare', tag: IMAGE, manifest });
  });
  afterAll(async () => {
    await removeContainer(c);
    await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
  });

  const service = async (name: string) =>
    ((await ask(c!, { type: 'status' })).services as Svc[]).find((s) => s.name === name)!;

  it('restarts services named "status" and "logs", by control request and by chat, only after a confirmation naming them', async () => {
    c = await startContainer({ image: IMAGE });
    await waitForCi(c);
    const before = await eventually(
      async () => {
        const s = await service('status');
        return s.pid && s.health === 'healthy' ? s : null;
      },
      { what: 'status healthy' },
    );

    // As auto-heal sends it: structured, never chat text.
    const asked = await ask(c, healRequest({ ...before, health: 'unhealthy' } as never, 1));
    expect(asked).toMatchObject({
      type: 'control_response',
      service: 'status',
      ok: false,
      confirm: { target: 'status', action: 'restart' },
    });
    expect(healMayConfirm(asked.confirm as never, 'status')).toBe(true);
    expect((await service('status')).pid).toBe(before.pid);
    const done = await ask(
      c,
      healRequest({ ...before, health: 'unhealthy' } as never, 1, (asked.confirm as { token: string }).token),
    );
    expect(done).toMatchObject({ type: 'control_response', ok: true });
    const after = await eventually(
      async () => {
        const s = await service('status');
        return s.pid && s.pid !== before.pid ? s : null;
      },
      { what: 'status restarted' },
    );
    expect(after.state).toBe('running');

    // Chat resolves the words to the same control action; a question stays a question.
    const logsBefore = await service('logs');
    const chat = await ask(c, { type: 'chat', content: 'please restart logs' });
    expect(chat).toMatchObject({
      intent: 'restart',
      args: { service: 'logs' },
      confirm: { target: 'logs', action: 'restart' },
    });
    expect(
      await ask(c, { type: 'chat', content: 'yes', confirm: (chat.confirm as { token: string }).token }),
    ).toMatchObject({ intent: 'restart', content: expect.stringMatching(/logs/) });
    await eventually(
      async () => {
        const s = await service('logs');
        return s.pid && s.pid !== logsBefore.pid;
      },
      { what: 'logs restarted' },
    );
    expect(await ask(c, { type: 'chat', content: 'status' })).toMatchObject({ intent: 'status' });
    expect((await ask(c, { type: 'chat', content: 'should I restart logs?' })).confirm).toBeUndefined();
  });

  it('names an unknown service with the ones that exist, and refuses chat over 4 KB', async () => {
    expect(await ask(c!, { type: 'control', action: 'stop', service: 'nginx' })).toMatchObject({
      type: 'error',
      code: 'not_found',
      message: "No service 'nginx' in this container; it runs: status, logs.",
    });
    expect(await ask(c!, { type: 'chat', content: 'x'.repeat(MAX_CHAT_BYTES + 1) })).toMatchObject({
      type: 'error',
      code: 'too_large',
    });
    expect(await ask(c!, { type: 'chat', content: 'how is everything?' })).toMatchObject({ intent: 'status' });
  });
});
