// A real PostgreSQL under the container CI: discovered as postgres, probed with a startup message
// (accepting), stopped cleanly and in time on SIGTERM.
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

const IMAGE = 'tekton-test/ci-postgres:latest';

describe('container CI supervising a real PostgreSQL', () => {
  let c: CiContainer | undefined;

  beforeAll(async () => {
    await buildFixtureImage({ fixture: 'postgres', tag: IMAGE });
  });

  afterAll(async () => {
    await removeContainer(c);
    await docker(['rmi', '-f', IMAGE]).catch(() => undefined);
  });

  it('discovers, probes and stops PostgreSQL', async () => {
    c = await startContainer({ image: IMAGE });
    await waitForCi(c);
    const db = await eventually(
      async () => {
        const s = (
          (await ask(c!, { type: 'status' })).services as Array<{ health: string; probe?: { detail: string } }>
        )[0];
        return s?.health === 'healthy' ? s : null;
      },
      { what: 'postgres healthy' },
    );
    expect(db.probe?.detail).toBe('startup message → accepting');
    const found = await ask(c, { type: 'services' });
    expect(found.discovered).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ declared_as: 'db', kind: 'postgres', label: 'PostgreSQL', ports: [5432] }),
      ]),
    );
    expect(found.mismatches).toEqual([]);
    const health = await ask(c, { type: 'chat', content: 'is the database ok?' });
    expect(health.content).toMatch(/PostgreSQL healthy \(startup message → accepting/);
    const t0 = Date.now();
    await docker(['stop', c.id]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await docker(['inspect', '-f', '{{.State.ExitCode}}', c.id])).toBe('0');
    expect(await docker(['logs', c.id])).toMatch(/database system is shut down/);
  });
});
