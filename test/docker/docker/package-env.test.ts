// The user's package environment reaches the dependency steps and nothing of it stays in the
// image: a pinned requirement is installed from PyPI through this machine's TLS-inspecting proxy
// (so the CA really is needed), with a credential planted in PIP_INDEX_URL and a marker certificate
// in the CA bundle; then `docker history` and every file of every layer are searched for both.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, type BuiltImage } from '../../../plugin/docker/build-project';
import { BuildError } from '../../../plugin/docker/build/run-build';
import { makeTestStateDir, type TestStateDir } from '../../support/state-dir';
import { removeImages } from './support/run-built-image';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-docker-pkgenv-'));
const project = join(parent, `tekton-test-pkgenv-${process.pid}`);
const TOKEN = `tekton-planted-${process.pid}-s3cr3t`;
let state: TestStateDir;
let built: BuiltImage;
let marker: string;
const images: string[] = [];

beforeAll(async () => {
  mkdirSync(project, { recursive: true });
  // A package the local base does not preinstall, pinned: only the real index can provide it.
  writeFileSync(join(project, 'requirements.txt'), 'tomli-w==1.0.0\n');
  writeFileSync(join(project, 'main.py'), 'import tomli_w\nprint(tomli_w.dumps({"a": 1}), flush=True)\n');
  // The host bundle (it holds the proxy's CA) plus a marker certificate of our own.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=tekton-marker',
      '-keyout',
      join(parent, 'marker.key'),
      '-out',
      join(parent, 'marker.pem'),
    ],
    { stdio: 'ignore' },
  );
  const markerPem = readFileSync(join(parent, 'marker.pem'), 'utf8');
  marker = markerPem.split('\n')[5]!; // a line from the middle of the base64 body
  writeFileSync(join(parent, 'ca.pem'), readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8') + markerPem);
  state = makeTestStateDir();
  const env = {
    ...state.env,
    TEKTON_OFFLINE: '0',
    TEKTON_BUILD_CA: join(parent, 'ca.pem'),
    PIP_INDEX_URL: `https://__token__:${TOKEN}@pypi.org/simple/`,
  };
  built = (await buildProject({ target: project, env, docker, labels: { 'tekton.test': '1' } })).images[0]!;
  images.push(...built.tags);
});

afterAll(async () => {
  await removeImages(docker, images);
  state?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe('a build with the package environment', () => {
  it('installed the pinned package from the index', async () => {
    const out = execFileSync(
      'docker',
      [
        'run',
        '--rm',
        '--label',
        'tekton.test=1',
        '--entrypoint',
        'python3',
        built.image,
        '-c',
        'import importlib.metadata as m; print(m.version("tomli-w"))',
      ],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('1.0.0');
  });

  it('leaves neither the CA nor the credential in docker history', () => {
    const history = execFileSync('docker', ['history', '--no-trunc', '--format', '{{.CreatedBy}}', built.image], {
      encoding: 'utf8',
    });
    expect(history).toMatch(/pip install -r requirements\.txt/);
    expect(history).not.toContain(TOKEN);
    expect(history).not.toContain(marker);
    const config = JSON.stringify(execFileSync('docker', ['image', 'inspect', built.image], { encoding: 'utf8' }));
    expect(config).not.toContain(TOKEN);
  });

  it('leaves neither in any file of any layer', () => {
    const dir = join(parent, 'saved');
    mkdirSync(dir);
    execFileSync('sh', ['-c', `docker save '${built.image}' | tar -x -C '${dir}'`]);
    const layers = walk(dir).filter((f) => f.endsWith('layer.tar'));
    expect(layers.length).toBeGreaterThan(3);
    let files = 0;
    for (const layer of layers) {
      const x = join(dir, `x-${files++}`);
      mkdirSync(x);
      execFileSync('tar', ['-x', '-f', layer, '-C', x], { stdio: 'ignore' });
    }
    const hits = execFileSync(
      'sh',
      ['-c', `grep -rlF -e '${TOKEN}' -e '${marker}' '${dir}' --exclude=layer.tar || true`],
      { encoding: 'utf8' },
    ).trim();
    expect(hits).toBe('');
    // The search itself can find them (a planted copy is found).
    writeFileSync(join(dir, 'x-0', 'planted'), `${TOKEN}\n`);
    expect(
      execFileSync('sh', ['-c', `grep -rlF -e '${TOKEN}' '${dir}' --exclude=layer.tar || true`], { encoding: 'utf8' }),
    ).toContain('planted');
  });
});

describe('a dependency step that cannot reach its index', () => {
  it('fails with a BuildError naming the step and the setting to use; nothing is tagged', async () => {
    const broken = join(parent, `tekton-test-pkgenv-noindex-${process.pid}`);
    mkdirSync(broken);
    writeFileSync(join(broken, 'requirements.txt'), 'tomli-w==1.0.0\n');
    writeFileSync(join(broken, 'main.py'), 'import tomli_w\n');
    const env = { ...state.env, TEKTON_OFFLINE: '0', PIP_INDEX_URL: 'https://index.invalid/simple/' };
    const err = await buildProject({ target: broken, env, docker, noCache: true, labels: { 'tekton.test': '1' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BuildError);
    const e = err as BuildError;
    expect(e.step).toMatch(/pip install -r requirements\.txt/);
    expect(e.message).toMatch(/last lines:/);
    expect(e.hint).toMatch(/PIP_INDEX_URL/);
    expect(await docker.listImages({ filters: { reference: [`tekton-test-pkgenv-noindex-${process.pid}`] } })).toEqual(
      [],
    );
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}
