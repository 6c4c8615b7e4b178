// Pure parts of the builder: deterministic tar, .dockerignore semantics, BuildKit trace decoding,
// the base-image map and offline arguments, Ergon record version.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isIgnored, isIgnoredWithParents, parseIgnoreFile } from '../../../plugin/docker/analysis/ignore-rules';
import { baseImageBuildArgs, parseMapEnv, readBaseImageMap } from '../../../plugin/docker/build/base-image-map';
import {
  buildVersion,
  ergonStoreUrl,
  readBuilds,
  recordBuild,
  type BuildRecord,
} from '../../../plugin/docker/build/build-registry';
import { decodeTrace } from '../../../plugin/docker/build/buildkit-trace';
import { listContextFiles } from '../../../plugin/docker/build/context-files';
import { detectBuilder } from '../../../plugin/docker/build/detect-builder';
import { isOfflineBuild, offlineBuildArgs } from '../../../plugin/docker/build/offline-args';
import { writeTar } from '../../../plugin/docker/build/tar-writer';

const tmp = mkdtempSync(join(tmpdir(), 'tekton-docker-parts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('tar writer', () => {
  it('is deterministic whatever the input order, and tar can read it back', () => {
    const a = writeTar([
      { path: 'b.txt', content: Buffer.from('b') },
      { path: 'a/run.sh', content: Buffer.from('#!/bin/sh\n'), executable: true },
    ]);
    const b = writeTar([
      { path: 'a/run.sh', content: Buffer.from('#!/bin/sh\n'), executable: true },
      { path: 'b.txt', content: Buffer.from('b') },
    ]);
    expect(a.equals(b)).toBe(true);
    const file = join(tmp, 'x.tar');
    writeFileSync(file, a);
    const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' });
    expect(listing).toMatch(/-rwxr-xr-x 0\/0 .* a\/run\.sh/);
    expect(listing).toMatch(/-rw-r--r-- 0\/0 .* b\.txt/);
  });

  it('dates every entry 2000-01-01, not the epoch that copy-if-newer tools (Maven resources) skip', () => {
    const file = join(tmp, 'dated.tar');
    writeFileSync(file, writeTar([{ path: 'src/banner.txt', content: Buffer.from('hi') }]));
    const listing = execFileSync('tar', ['-tvf', file, '--full-time'], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC' },
    });
    expect(listing).toMatch(/ 2000-01-01 00:00:00 src\/banner\.txt/);
  });

  it('stores long paths through PAX headers', () => {
    const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt`;
    const file = join(tmp, 'long.tar');
    writeFileSync(file, writeTar([{ path: long, content: Buffer.from('x') }]));
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim()).toBe(long);
  });
});

describe('.dockerignore', () => {
  it('anchors patterns at the root (Docker), gitignore matches at any depth', () => {
    const docker = parseIgnoreFile('*.pyc\n**/*.log\nnode_modules\n!keep.log\n', 'dockerignore');
    expect(isIgnored(docker, 'a.pyc', false)).toBe(true);
    expect(isIgnored(docker, 'sub/a.pyc', false)).toBe(false);
    expect(isIgnored(docker, 'sub/x.log', false)).toBe(true);
    expect(isIgnored(docker, 'keep.log', false)).toBe(false);
    expect(isIgnoredWithParents(docker, 'node_modules/x/index.js', false)).toBe(true);
    const git = parseIgnoreFile('*.pyc\nbuild/\n/only-root\n', 'gitignore');
    expect(isIgnored(git, 'sub/a.pyc', false)).toBe(true);
    expect(isIgnored(git, 'x/build', true)).toBe(true);
    expect(isIgnored(git, 'x/build', false)).toBe(false);
    expect(isIgnored(git, 'sub/only-root', false)).toBe(false);
  });

  it('the context keeps symlinks as links and leaves out what .dockerignore excludes', () => {
    const d = join(tmp, 'ctx');
    mkdirSync(join(d, 'src'), { recursive: true });
    writeFileSync(join(d, '.dockerignore'), 'secret.txt\n**/*.tmp\n');
    writeFileSync(join(d, 'secret.txt'), 's');
    writeFileSync(join(d, 'src', 'x.tmp'), 't');
    writeFileSync(join(d, 'src', 'main.py'), 'print(1)');
    symlinkSync('..', join(d, 'src', 'up'));
    const paths = listContextFiles(d).map((e) => `${e.path}:${e.type ?? 'file'}`);
    expect(paths).toEqual(['.dockerignore:file', 'src/main.py:file', 'src/up:symlink']);
  });

  it('without a .dockerignore of its own, the planned one is used', () => {
    const d = join(tmp, 'ctx2');
    mkdirSync(join(d, '.git'), { recursive: true });
    mkdirSync(join(d, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(d, '.git', 'HEAD'), 'ref');
    writeFileSync(join(d, 'node_modules', 'x', 'i.js'), '1');
    writeFileSync(join(d, 'server.js'), '1');
    expect(listContextFiles(d).map((e) => e.path)).toEqual(['.git/HEAD', 'node_modules/x/i.js', 'server.js']);
    expect(listContextFiles(d, { fallbackIgnore: '.git\nnode_modules\n' }).map((e) => e.path)).toEqual(['server.js']);
  });
});

describe('BuildKit trace', () => {
  it('decodes vertex names, cached flags, errors and logs', () => {
    // A StatusResponse with one cached vertex, one failed vertex and one log line, encoded by hand.
    const str = (field: number, s: string) =>
      Buffer.concat([Buffer.from([(field << 3) | 2, Buffer.byteLength(s)]), Buffer.from(s)]);
    const msg = (field: number, body: Buffer) => Buffer.concat([Buffer.from([(field << 3) | 2, body.length]), body]);
    const cached = msg(
      1,
      Buffer.concat([str(1, 'sha256:aa'), str(3, '[2/5] RUN pip install'), Buffer.from([4 << 3, 1])]),
    );
    const failed = msg(1, Buffer.concat([str(1, 'sha256:bb'), str(3, '[3/5] RUN make'), str(7, 'exit code: 2')]));
    const log = msg(3, Buffer.concat([str(1, 'sha256:bb'), str(4, 'make: *** error')]));
    const t = decodeTrace(Buffer.concat([cached, failed, log]).toString('base64'));
    expect(t.vertexes).toEqual([
      { digest: 'sha256:aa', name: '[2/5] RUN pip install', cached: true, completed: false, error: null },
      { digest: 'sha256:bb', name: '[3/5] RUN make', cached: false, completed: false, error: 'exit code: 2' },
    ]);
    expect(t.logs).toEqual([{ vertex: 'sha256:bb', text: 'make: *** error' }]);
    expect(decodeTrace('////')).toEqual({ vertexes: [], logs: [] });
  });
});

describe('base images and offline builds', () => {
  const dockerfile =
    'ARG PYTHON_IMAGE=python:3.12-slim\nARG TEKTON_CI_IMAGE=tekton-ci-assets:v1\nFROM ${PYTHON_IMAGE}\nARG PIP_NO_INDEX\nARG PIP_NO_DEPS\nARG PIP_INDEX_URL\n';
  it('the env map wins over the state file; only ARGs whose default is mapped become build args', () => {
    const state = join(tmp, 'state');
    mkdirSync(join(state, 'containers'), { recursive: true });
    writeFileSync(
      join(state, 'containers', 'base-images.json'),
      JSON.stringify({ 'python:3.12-slim': 'tekton-local/python:3.11', 'node:20-slim': 'tekton-local/node:18' }),
    );
    const map = readBaseImageMap({ TEKTON_BASE_IMAGE_MAP: 'python:3.12-slim=mirror.local/python:3.12-slim' }, state);
    expect(map['python:3.12-slim']).toBe('mirror.local/python:3.12-slim');
    expect(map['node:20-slim']).toBe('tekton-local/node:18');
    expect(baseImageBuildArgs(dockerfile, map)).toEqual({ PYTHON_IMAGE: 'mirror.local/python:3.12-slim' });
    expect(parseMapEnv('a=b, c=d,junk')).toEqual({ a: 'b', c: 'd' });
  });
  it('TEKTON_OFFLINE=1 alone makes a build offline; only declared offline args are passed', () => {
    expect(isOfflineBuild({})).toBe(false);
    expect(isOfflineBuild({ TEKTON_OFFLINE: '1' })).toBe(true);
    expect(isOfflineBuild({ TEKTON_OFFLINE: '0' })).toBe(false);
    // The classic builder cannot take secrets: offline unless told otherwise.
    expect(isOfflineBuild({}, 'classic')).toBe(true);
    expect(isOfflineBuild({ TEKTON_OFFLINE: '0' }, 'classic')).toBe(false);
    expect(offlineBuildArgs(dockerfile)).toEqual({ PIP_NO_INDEX: '1', PIP_NO_DEPS: '1' });
  });
});

describe('builder choice and Ergon record', () => {
  it('BuildKit from API 1.39 on Linux; TEKTON_BUILDER overrides', async () => {
    expect(await detectBuilder({ version: async () => ({ ApiVersion: '1.41', Os: 'linux' }) }, {})).toBe('buildkit');
    expect(await detectBuilder({ version: async () => ({ ApiVersion: '1.38', Os: 'linux' }) }, {})).toBe('classic');
    expect(
      await detectBuilder(
        { version: async () => ({ ApiVersion: '1.41', Os: 'linux' }) },
        { TEKTON_BUILDER: 'classic' },
      ),
    ).toBe('classic');
  });
  it('semver version with the hash as build metadata; Ergon URL from the environment', () => {
    expect(buildVersion('2.0.1', 'abc123def456')).toBe('2.0.1+abc123def456');
    expect(buildVersion(null, 'abc123def456')).toBe('0.1.0+abc123def456');
    expect(ergonStoreUrl({})).toBe('http://localhost:8002/api/ergon/registry/store');
    expect(ergonStoreUrl({ TEKTON_HOST: '127.0.0.1', ERGON_PORT: '9002' })).toBe(
      'http://127.0.0.1:9002/api/ergon/registry/store',
    );
  });
});

describe('build registry (builds.json)', () => {
  it('keeps a damaged file beside the new one instead of overwriting it', async () => {
    const state = join(tmp, 'state-corrupt');
    mkdirSync(join(state, 'containers'), { recursive: true });
    writeFileSync(join(state, 'containers', 'builds.json'), '{"version":1,"builds":[{"name":"old"');
    const record = {
      type: 'container',
      name: 'myapp',
      version: '0.1.0',
      description: '',
      source: { project_id: null, location: '/p' },
      content: { image: 'myapp:abc' },
      tags: [],
    } as unknown as BuildRecord;
    await recordBuild(state, record);
    expect(readBuilds(state).map((b) => b.name)).toEqual(['myapp']);
    const kept = readdirSync(join(state, 'containers')).filter((f) => f.startsWith('builds.json.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(state, 'containers', kept[0]!), 'utf8')).toContain('"name":"old"');
  });
});
