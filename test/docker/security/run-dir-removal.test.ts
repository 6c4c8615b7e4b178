// Boundary 1 (docs/security.md): removing a run dir never deletes through a link a container planted.
// Red team B05: a container that still mounts the run dir fills a folder `d` with files and, the moment
// the host deletes the first of them (inotify, here fs.watch), renames `d` away and puts a link to a
// host folder in its place; Node's recursive rmSync deletes by path, so its next unlinks of `d/<name>`
// went through the link into the host folder. Two defences, each tested with that racer live:
// `ergon rm` removes a run dir only once no container mounts it (the racer keeps it, named), and the
// removal itself walks open folders by descriptor (remove-tree.ts), so even with the racer live the
// host folder is untouched. Control: rmSync, as removeRunDir did before, deletes host files.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ergonFamily } from '../../../plugin/ergon/family';
import { mountersOf, removeRunDirsWhenUnmounted } from '../../../plugin/ergon/run-dir-removal';
import { removeTreeNoFollow } from '../../../plugin/files/remove-tree';
import { createHostDeps } from '../../../plugin/host';
import { runDirFor } from '../../../plugin/tekton/state-paths';
import { eventually } from '../../support/eventually';
import { cleanup, docker, hostFixture } from '../host/support/host-fixture';
import { runSub } from '../host/support/run-command';

const VICTIM = `rdr-${process.pid}`;
const RACER = `rdr-racer-${process.pid}`;
const FILES = 200;

// Root in a container that mounts `/run/tekton-ci`: many files in d/, then the swap on the first delete.
const RACE_JS = [
  "const fs = require('fs');",
  "process.chdir('/run/tekton-ci');",
  "fs.mkdirSync('d', { recursive: true });",
  "for (let i = 0; i < 20000; i++) fs.writeFileSync('d/f' + i, '');",
  'let done = false;',
  "fs.watch('d', () => { if (done) return; done = true;",
  "  fs.renameSync('d', '.old'); fs.symlinkSync(process.argv[1], 'd'); console.log('swapped'); });",
  "console.log('armed');",
  'setInterval(() => {}, 1000);',
].join('\n');

describe('a run dir is removed without following what a container planted', () => {
  let f: ReturnType<typeof hostFixture>;
  let hostFolder = '';
  const hostFiles = () => readdirSync(hostFolder).length;

  // A second container on `dir` (as a compose service on another CI's run dir was), armed to swap.
  async function armRacer(dir: string): Promise<void> {
    docker(
      'run',
      '-d',
      '--name',
      RACER,
      '--label',
      'tekton.test=1',
      '-v',
      `${dir}:/run/tekton-ci`,
      '--entrypoint',
      '/opt/tekton-ci/node',
      f.image,
      '-e',
      RACE_JS,
      hostFolder,
    );
    await eventually(() => docker('logs', RACER).includes('armed'), { what: 'the racer armed', timeoutMs: 60_000 });
  }

  beforeAll(() => {
    f = hostFixture();
    hostFolder = join(f.stateDir, '..', `rdr-host-${process.pid}`);
  });
  afterEach(() => {
    try {
      docker('rm', '-f', RACER);
    } catch {
      /* already gone */
    }
  });
  afterAll(() => {
    cleanup(f.stateDir, [VICTIM, RACER]);
    rmSync(hostFolder, { recursive: true, force: true });
  });

  function fillHostFolder(): void {
    rmSync(hostFolder, { recursive: true, force: true });
    mkdirSync(hostFolder);
    for (let i = 0; i < FILES; i++) writeFileSync(join(hostFolder, `f${i}`), 'keep');
  }

  it('control: rmSync (the removal before) deletes host files through the swapped-in link', async () => {
    fillHostFolder();
    const dir = runDirFor(f.stateDir, `${VICTIM}-control`);
    mkdirSync(dir, { recursive: true });
    await armRacer(dir);
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* it fails once the link is in place, after the harm */
    }
    expect(docker('logs', RACER)).toContain('swapped');
    expect(hostFiles()).toBeLessThan(FILES);
  });

  it('the walk by descriptor removes the tree with the racer live, and the host folder keeps every file', async () => {
    fillHostFolder();
    const dir = runDirFor(f.stateDir, `${VICTIM}-walk`);
    mkdirSync(dir, { recursive: true });
    await armRacer(dir);
    const { left } = removeTreeNoFollow(dir);
    expect(docker('logs', RACER)).toContain('swapped');
    expect(hostFiles()).toBe(FILES);
    // The racer's link is the only name left behind, if it landed inside the tree after its folder went.
    expect(
      left.every((l) => /changed while being removed|replaced|ENOTDIR|ENOTEMPTY/.test(l)),
      left.join('\n'),
    ).toBe(true);
  });

  it('ergon rm keeps a run dir another container still mounts, and says which', async () => {
    fillHostFolder();
    const run = await runSub(ergonFamily, 'run', { args: [f.image], options: { name: VICTIM }, env: f.env });
    expect(run.status, run.stderr).toBe(0);
    const dir = runDirFor(f.stateDir, VICTIM);
    const containers = createHostDeps(f.env, () => undefined).containers;
    await armRacer(dir);
    const rm = await runSub(ergonFamily, 'rm', { args: [VICTIM], options: { yes: true, force: true }, env: f.env });
    expect(rm.status, rm.stderr).toBe(0);
    expect(rm.stderr).toContain(`still mounted by ${RACER}, kept`);
    expect(readdirSync(dir)).toContain('d');
    expect(hostFiles()).toBe(FILES);
    // Once the racer is gone too, a later removal finds nothing mounting it.
    docker('rm', '-f', RACER);
    await eventually(async () => (await mountersOf(containers, dir)).length === 0, { what: 'no mounter' });
    const r = await removeRunDirsWhenUnmounted(containers, [dir]);
    expect(r).toEqual({ removed: [dir], kept: [] });
    expect(hostFiles()).toBe(FILES);
  });
});
