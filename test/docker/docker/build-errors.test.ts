// A failing build is an error naming the image and the failing step, with its last output: errors
// arrive inside the build stream, and the end of the stream is not taken for success.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { BuildError } from '../../../plugin/docker/build/run-build';
import { makeTestStateDir } from '../../support/state-dir';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-docker-err-'));
const project = join(parent, `tekton-test-broken-${process.pid}`);
const state = makeTestStateDir();

afterAll(() => {
  state.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('a build that fails', () => {
  it('throws BuildError with the failing step and its output; no image is tagged', async () => {
    mkdirSync(project, { recursive: true });
    // Offline on the local base, a requirement the base does not have cannot be installed.
    writeFileSync(join(project, 'requirements.txt'), 'flask\nno-such-package-tekton-test\n');
    writeFileSync(join(project, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    const err = await buildProject({ target: project, env: state.env, docker, labels: { 'tekton.test': '1' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BuildError);
    const e = err as BuildError;
    expect(e.message).toMatch(
      /^Building tekton-test-broken-\d+:[0-9a-f]{12} failed: .*pip install -r requirements\.txt/,
    );
    expect(e.tail.join('\n')).toMatch(/no-such-package-tekton-test/);
    const tagged = await docker.listImages({ filters: { reference: [`tekton-test-broken-${process.pid}`] } });
    expect(tagged).toEqual([]);
  });
});
