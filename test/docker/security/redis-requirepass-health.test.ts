// A Redis started with --requirepass under the CI: the health probe logs in (the password comes
// from the manifest, as recipes get it), so the CI reports the service healthy, not NOAUTH-unhealthy;
// the learning's INFO sampling logs in the same way.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  buildFixtureImage,
  docker,
  removeContainer,
  startContainer,
  waitForCi,
  type CiContainer,
} from '../ci-runtime/support';
import { eventually } from '../../support/eventually';

const IMAGE = 'tekton-test/redis-requirepass:latest';
const PASSWORD = 'rp-Pa55-91c2';
type Svc = { name: string; state: string; health: string; detail?: string };
let c: CiContainer | undefined;

beforeAll(async () => {
  const path = resolve(import.meta.dirname, '../ci-runtime/fixtures/fastapi-redis-celery/manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as {
    applications: Record<string, { run_command: string[] }>;
  };
  manifest.applications.redis!.run_command.push('--requirepass', PASSWORD);
  await buildFixtureImage({ tag: IMAGE, manifest });
  c = await startContainer({ image: IMAGE, env: { TEKTON_CI_SERVICES: 'redis' } });
  await waitForCi(c);
}, 900_000);

afterAll(async () => {
  await removeContainer(c);
  await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
});

describe('Redis with requirepass', () => {
  it('is reported healthy by the CI, and the password is in no status text', async () => {
    const redis = await eventually(
      async () => {
        const services = (await ask(c!, { type: 'status' })).services as Svc[];
        const r = services.find((s) => s.name === 'redis');
        return r && r.health === 'healthy' ? r : null;
      },
      { what: 'the requirepass Redis reported healthy', timeoutMs: 30_000 },
    );
    expect(redis.state).toBe('running');
    const status = JSON.stringify(await ask(c!, { type: 'status' }));
    expect(status).not.toContain(PASSWORD);
    expect(status).not.toMatch(/NOAUTH/);
  });

  it("the learning's INFO sampling logs in too: Redis counts no NOAUTH error from the CI", async () => {
    const stats = () => docker(['exec', c!.id, 'redis-cli', '--no-auth-warning', '-a', PASSWORD, 'INFO', 'all']);
    // Three more monitor rounds (2 s each, one probe INFO each) after Redis was healthy: the learning
    // reads INFO on a round and, had it failed, again on every round after, so it has asked by now.
    const infoCalls = async () => Number(/cmdstat_info:calls=(\d+)/.exec(await stats())?.[1] ?? 0);
    const before = await infoCalls();
    await eventually(async () => (await infoCalls()) >= before + 3, {
      what: 'three more INFO calls',
      timeoutMs: 30_000,
    });
    const text = await stats();
    expect(text).toMatch(/cmdstat_auth:calls=\d+/);
    expect(text).not.toMatch(/errorstat_NOAUTH/);
  });

  it('the server really requires the password (a bare PING is refused)', async () => {
    // Asked after the CI found it running: the bare PING the probe used to send is refused.
    const out = await docker(['exec', c!.id, 'redis-cli', '-p', '6379', 'PING']);
    expect(out).toMatch(/NOAUTH/);
  });
});
