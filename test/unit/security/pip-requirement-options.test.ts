// Boundary 4 (docs/security.md): the pip step that holds the index credentials reads no option from a
// project's requirements file (red team B06). With real pip, offline: an sdist whose build backend
// writes down PIP_INDEX_URL, and a requirements.txt that says `--no-binary :all:`. The credentials file
// the build would mount is sourced and the generated command runs: the guard drops the option, pip
// keeps to wheels, no code of the sdist runs. Control: the same command without the guard, as the
// step was before, runs the backend beside the password.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageEnvironment } from '../../../plugin/docker/build/package-environment';
import { guardRequirements } from '../../../plugin/docker/build/requirements-guard';
import { writeTar } from '../../../plugin/docker/build/tar-writer';

const PASSWORD = `pip-password-${process.pid}`;
const INDEX = `https://user:${PASSWORD}@127.0.0.1:9/simple`;
const dir = mkdtempSync(join(tmpdir(), 'tekton-pip-guard-'));
const marker = join(dir, 'BACKEND-RAN');

// An sdist with an in-tree build backend: pip runs it to learn what the build needs.
function sdist(): Buffer {
  const backend = [
    'import os',
    'def get_requires_for_build_wheel(config_settings=None):',
    `    open(${JSON.stringify(marker)}, 'w').write(os.environ.get('PIP_INDEX_URL', ''))`,
    '    raise SystemExit(1)',
    'get_requires_for_build_sdist = get_requires_for_build_wheel',
  ].join('\n');
  const base = 'evilpkg-1.0';
  return gzipSync(
    writeTar([
      { path: `${base}/PKG-INFO`, content: Buffer.from('Metadata-Version: 2.1\nName: evilpkg\nVersion: 1.0\n') },
      {
        path: `${base}/pyproject.toml`,
        content: Buffer.from('[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n'),
      },
      { path: `${base}/backend.py`, content: Buffer.from(backend) },
    ]),
  );
}

// The credential step as generated: source the credentials file, then the install command.
function credentialStep(requirements: string, guarded: boolean) {
  const work = join(dir, guarded ? 'guarded' : 'plain');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  writeFileSync(join(work, 'requirements.txt'), requirements);
  const secrets = packageEnvironment({
    env: { PIP_INDEX_URL: INDEX },
    engineIsLocal: true,
    readFile: () => null,
  }).secrets;
  writeFileSync(join(work, 'credentials.sh'), secrets['tekton-package-credentials']!);
  const install = `python3 -m pip install -q --target ${join(work, 'site')} -r requirements.txt`;
  const command = `. ./credentials.sh; ${guarded ? guardRequirements('requirements.txt') : ''}${install}`;
  rmSync(marker, { force: true });
  const r = spawnSync('sh', ['-c', command], {
    cwd: work,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      PATH: process.env.PATH,
      HOME: work,
      PIP_CONFIG_FILE: '/dev/null',
      PIP_NO_INDEX: '1',
      PIP_FIND_LINKS: join(dir, 'links'),
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
    },
  });
  return {
    ...r,
    ran: existsSync(marker) ? readFileSync(marker, 'utf8') : null,
    after: readFileSync(join(work, 'requirements.txt'), 'utf8'),
  };
}

beforeAll(() => {
  mkdirSync(join(dir, 'links'));
  writeFileSync(join(dir, 'links', 'evilpkg-1.0.tar.gz'), sdist());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the pip step beside the credentials', () => {
  it('control: without the guard, `--no-binary :all:` in the file runs the sdist beside the password', () => {
    const r = credentialStep('--no-binary :all:\nevilpkg\n', false);
    expect(r.ran).toBe(INDEX);
  });

  it('with the guard the option is dropped with a warning, pip keeps to wheels and no code of the sdist runs', () => {
    const r = credentialStep('--no-binary :all:\nevilpkg\n', true);
    expect(r.ran).toBeNull();
    expect(r.stderr).toMatch(/line 1 '--no-binary :all:' ignored: options of a project file are not read there/);
    expect(r.after).toBe('evilpkg\n');
    expect(r.status).not.toBe(0); // no wheel of evilpkg: pip says so, nothing was built
  });

  it.each([
    ['an include', '-r other.txt\n', /line 2 '-r other.txt' refused/],
    ['an editable', '-e git+https://example.invalid/x.git#egg=x\n', /refused/],
    ['a URL requirement', 'evilpkg @ https://example.invalid/evilpkg-1.0.tar.gz\n', /refused/],
    ['the environment in a URL', 'x @ https://example.invalid/${PIP_INDEX_URL}\n', /refused/],
    ['a local path', './vendor/evilpkg\n', /refused/],
    ['a per-requirement option', 'evilpkg --config-settings=a=b\n', /refused/],
  ])('stops the step on %s, naming the line, before pip reads the file', (_what, line, why) => {
    const r = credentialStep(`flask==2.0\n${line}`, true);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/Processing|Collecting/);
    expect(r.ran).toBeNull();
  });

  it('keeps what lockfile exports and people write: names, extras, versions, markers, hashes, comments', () => {
    const kept = [
      'fastapi',
      'celery[redis]==5.3.6',
      'anyio==4.4.0 ; python_version >= "3.8" and sys_platform != \'win32\'',
      'requests [security] >= 2.8.1, == 2.8.* ; python_version < "2.7"',
      'idna==3.7 --hash=sha256:82fee1fc78add43492d3a1898bfa6d8a904cc97d8427f683ed8e798d07761aa0',
    ];
    const text = `# pinned\n-i https://pypi.org/simple\n--extra-index-url https://example.invalid/simple\n${kept.join('\n')}\nuvicorn==0.30.0 \\\n    # via fastapi\n`;
    const work = join(dir, 'corpus');
    mkdirSync(work, { recursive: true });
    writeFileSync(
      join(work, 'credentials.sh'),
      packageEnvironment({ env: { PIP_INDEX_URL: INDEX }, engineIsLocal: true, readFile: () => null }).secrets[
        'tekton-package-credentials'
      ]!,
    );
    writeFileSync(join(work, 'requirements.txt'), text);
    const out = execFileSync(
      'sh',
      ['-c', `. ./credentials.sh 2>/dev/null; ${guardRequirements('requirements.txt')}cat requirements.txt`],
      {
        cwd: work,
        encoding: 'utf8',
      },
    );
    expect(out).toBe(`${kept.join('\n')}\nuvicorn==0.30.0\n`);
  });

  it('does nothing where the credentials are not mounted', () => {
    const out = execFileSync('sh', ['-c', `${guardRequirements('requirements.txt')}echo ran`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(out).toBe('ran\n');
  });
});
