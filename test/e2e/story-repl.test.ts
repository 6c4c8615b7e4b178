// The product's story typed into the REPL in a real terminal (issue #7): build the example app,
// run it, complete its CI name with Tab, ask for status, confirm "optimize memory" at the prompt,
// see the CI in `status`, stop and remove the container, leave with Ctrl-D.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle';
import { makeTestStateDir, type TestStateDir } from '../support/state-dir';
import { Terminal } from '../support/terminal';

const root = resolve(__dirname, '..', '..');
// A name of its own, so the demo's `myapp` container and this test never collide.
const APP = 'storyapp';
const CI = `${APP}-container-ci`;
const docker = new Docker();

describe('the story in the REPL', () => {
  let state: TestStateDir;
  let work: string;
  let t: Terminal | undefined;

  beforeAll(async () => {
    await bundle({ root, log: () => {} });
    state = makeTestStateDir();
    work = mkdtempSync(join(tmpdir(), 'story-'));
    cpSync(join(root, 'examples', 'myapp'), join(work, APP), { recursive: true });
  });

  afterAll(async () => {
    t?.kill();
    await docker
      .getContainer(APP)
      .remove({ force: true })
      .catch(() => {});
    const images = await docker.listImages({ filters: { reference: [`${APP}:*`] } });
    for (const image of images)
      await docker
        .getImage(image.Id)
        .remove({ force: true })
        .catch(() => {});
    rmSync(work, { recursive: true, force: true });
    state.cleanup();
  });

  it('runs plan → build → run → talk → optimize → status → stop in one shell session', async () => {
    const env = { ...process.env, ...state.env, TERM: 'xterm', AISH_MONITOR: 'off' } as Record<string, string>;
    t = Terminal.start(process.execPath, [join(root, 'dist', 'aish.js')], { cwd: work, env });
    await t.waitFor('aish> ');

    const run = async (line: string, done: RegExp, timeoutMs = 120_000): Promise<string> => {
      const from = t!.mark();
      t!.type(`${line}\r`);
      return t!.waitFor(done, from, timeoutMs);
    };

    const plan = await run(`docker plan ${APP}`, /aish> $/);
    expect(plan).toMatch(/fastapi/i);
    expect(plan).toMatch(/8000/);

    await run(`docker generate ${APP}`, /aish> $/);
    const built = await run(`docker build ${APP}`, /aish> $/, 240_000);
    expect(built).not.toMatch(/Error:/);

    const started = await run(`ergon run ${APP}`, /aish> $/, 120_000);
    expect(started).not.toMatch(/Error:/);

    // Tab completes the CI name from the registry the run just wrote.
    let from = t.mark();
    t.type('storya\t');
    await t.waitFor(CI, from);
    const status = await run(' status', /aish> $/);
    expect(status).toMatch(/Running 3 services: /);
    expect(status).toMatch(/FastAPI \(healthy\)/);
    expect(status).toMatch(/Redis \(healthy\)/);
    expect(status).toMatch(/Celery \((healthy|idle|busy)\)/);

    // A control action asks first; answering yes runs the recipe, which reports what it freed.
    from = t.mark();
    t.type(`${CI} "optimize memory"\r`);
    await t.waitFor('Go ahead?', from, 30_000);
    t.type('y\r');
    const optimized = await t.waitFor(/aish> $/, from, 120_000);
    expect(optimized).toMatch(/\d+(\.\d+)? MB/);
    expect(optimized).not.toMatch(/Error:/);

    const table = await run('status', /aish> $/);
    expect(table).toContain(CI);

    from = t.mark();
    t.type(`ergon stop ${APP}\r`);
    await t.waitFor('?', from, 30_000);
    t.type('y\r');
    await t.waitFor(/aish> $/, from, 60_000);
    const inspected = await docker.getContainer(APP).inspect();
    expect(inspected.State.Running).toBe(false);

    t.type('\x04');
    expect((await t.exited).exitCode).toBe(0);
  });
});
