// The shipped node carries its own glibc (interpreter and rpath under /opt/tekton-ci/lib), so the
// CI runs in an image that has no libc at all: FROM scratch stands in for Alpine (musl) and distroless.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ask,
  buildFixtureImage,
  docker,
  removeContainer,
  startContainer,
  waitForCi,
  type CiContainer,
} from './support';
import { eventually } from '../../support/eventually';

const IMAGE = 'tekton-test/ci-bare:latest';

describe('container CI in an image without libc (FROM scratch)', () => {
  let c: CiContainer | undefined;

  beforeAll(async () => {
    await buildFixtureImage({ fixture: 'bare', tag: IMAGE });
  });

  afterAll(async () => {
    await removeContainer(c);
    await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
  });

  it('boots, supervises a service as UID 10001 and answers status', async () => {
    c = await startContainer({ image: IMAGE });
    await waitForCi(c);
    const status = await eventually(
      async () => {
        const r = await ask(c!, { type: 'status' });
        return (r.services as Array<{ health: string }>)[0]?.health === 'healthy' ? r : null;
      },
      { what: 'web healthy' },
    );
    expect(status.summary).toBe('Running 1 service: Express (healthy)');
    const services = await ask(c, { type: 'services' });
    expect(services.discovered).toEqual([expect.objectContaining({ declared_as: 'web', ports: [8080] })]);
    // `docker top` runs ps on the host: the service runs as 10001, only tini and the CI as root.
    const top = (await docker(['top', c.id, '-o', 'uid,pid,args']))
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/));
    expect(top.find((cols) => cols.includes('-e'))?.[0]).toBe('10001');
    expect(top.filter((cols) => cols[0] === '0').map((cols) => cols[2])).toEqual([
      '/opt/tekton-ci/tini',
      '/opt/tekton-ci/node',
    ]);
    const t0 = Date.now();
    await docker(['stop', c.id]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await docker(['inspect', '-f', '{{.State.ExitCode}}', c.id])).toBe('0');
  });
});
