// aish docker push against a real registry (Debian's docker-registry on loopback, started by the
// setup): the manifest-hash tag and the git commit, the digest the registry itself reports, the
// record in releases.json; and registries that refuse or are not there, reported with their words.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { dockerFamily } from '../../../plugin/docker/family';
import { runSub } from '../host/support/run-command';
import { hostFixture, cleanup, docker } from '../host/support/host-fixture';
import { buildReleaseImage, deleteFromRegistry, registryDigest, TEST_REGISTRY } from './support/release-images';

const APP = `relpush-${process.pid}`;

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

describe('aish docker push', () => {
  let f: ReturnType<typeof hostFixture>;
  let image: string;
  const digests: string[] = [];
  beforeAll(() => {
    f = hostFixture();
    image = buildReleaseImage({
      app: APP,
      variant: 'v1',
      healthy: true,
      lifecycle: { stages: [{ name: 'dev', site: { kind: 'engine' }, rule: 'automatic' }] },
    });
  });
  afterAll(async () => {
    await deleteFromRegistry(TEST_REGISTRY, APP, digests);
    await deleteFromRegistry(TEST_REGISTRY, `${APP}-proj`, digests);
    for (const ref of docker('images', '--format', '{{.Repository}}:{{.Tag}}')
      .split('\n')
      .filter((r) => r.includes(APP))) {
      try {
        docker('rmi', '-f', ref);
      } catch {
        /* shared layer in use */
      }
    }
    cleanup(f.stateDir, []);
  });

  it('pushes an image under its manifest-hash tag and records the digest the registry reports', async () => {
    const r = await runSub(dockerFamily, 'push', {
      args: [image],
      options: { registry: TEST_REGISTRY },
      env: f.env,
      json: true,
    });
    expect(r.status, r.stderr).toBe(0);
    const [pushed] = JSON.parse(r.stdout).pushed;
    const hash12 = docker('inspect', '-f', '{{index .Config.Labels "tekton.manifest.hash"}}', image).slice(0, 12);
    expect(pushed.tags).toEqual([hash12]);
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await registryDigest(TEST_REGISTRY, APP, hash12)).toBe(pushed.digest);
    digests.push(pushed.digest);
    const releases = JSON.parse(readFileSync(join(f.stateDir, 'containers', 'releases.json'), 'utf8'));
    expect(releases.pushes).toHaveLength(1);
    expect(releases.pushes[0]).toMatchObject({
      app: APP,
      registry: TEST_REGISTRY,
      repository: APP,
      digest: pushed.digest,
    });
    // The lifecycle came from the manifest baked into the image.
    expect(releases.pushes[0].lifecycle.stages.map((s: { name: string }) => s.name)).toEqual(['dev']);
  });

  it('adds the git commit as a tag when the project is a git repository', async () => {
    const dir = join(f.stateDir, `${APP}-proj`);
    cpSync(resolve(__dirname, '../../../examples/corpus/node-http'), dir, { recursive: true });
    mkdirSync(join(f.stateDir, 'containers'), { recursive: true });
    const map = Object.fromEntries(
      ['node:18', 'node:18-slim', 'node:20', 'node:20-slim', 'node:22', 'node:22-slim'].map((n) => [
        n,
        'tekton-local/node:18',
      ]),
    );
    writeFileSync(
      join(f.stateDir, 'containers', 'base-images.json'),
      JSON.stringify({ ...map, 'debian:bookworm-slim': 'tekton-local/debian-slim:bookworm' }),
    );
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'first');
    const commit = git('rev-parse', 'HEAD');
    const built = await runSub(dockerFamily, 'build', { args: [dir], env: f.env });
    expect(built.status, built.stderr).toBe(0);
    const r = await runSub(dockerFamily, 'push', {
      args: [dir],
      options: { registry: TEST_REGISTRY },
      env: f.env,
      json: true,
    });
    expect(r.status, r.stderr).toBe(0);
    const [pushed] = JSON.parse(r.stdout).pushed;
    expect(pushed.git_commit).toBe(commit);
    expect(pushed.tags).toContain(`git-${commit.slice(0, 12)}`);
    expect(pushed.tags[0]).toMatch(/^[0-9a-f]{12}$/);
    for (const tag of pushed.tags)
      expect(await registryDigest(TEST_REGISTRY, pushed.repository, tag)).toBe(pushed.digest);
    digests.push(pushed.digest);
  });

  it('reports a registry that refuses pushes with its own message, and records nothing', async () => {
    const port = await freePort();
    const dir = join(f.stateDir, 'ro-registry');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'config.yml'),
      [
        'version: 0.1',
        'log: { level: error }',
        `storage: { filesystem: { rootdirectory: ${dir}/data }, maintenance: { readonly: { enabled: true } } }`,
        `http: { addr: "127.0.0.1:${port}" }`,
        '',
      ].join('\n'),
    );
    const registry: ChildProcess = spawn('/usr/bin/docker-registry', ['serve', join(dir, 'config.yml')], {
      stdio: 'ignore',
    });
    try {
      for (let i = 0; i < 40; i++) {
        if (
          await fetch(`http://127.0.0.1:${port}/v2/`).then(
            (x) => x.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const before = readFileSync(join(f.stateDir, 'containers', 'releases.json'), 'utf8');
      const r = await runSub(dockerFamily, 'push', {
        args: [image],
        options: { registry: `127.0.0.1:${port}` },
        env: f.env,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`Pushing 127\\.0\\.0\\.1:${port}/${APP}:[0-9a-f]{12} failed: .*(405|method not allowed)`, 'i'),
      );
      expect(r.stderr).toMatch(/nothing was recorded/);
      expect(readFileSync(join(f.stateDir, 'containers', 'releases.json'), 'utf8')).toBe(before);
    } finally {
      registry.kill();
    }
  });

  it('names an address where no registry answers', async () => {
    const port = await freePort();
    const r = await runSub(dockerFamily, 'push', {
      args: [image],
      options: { registry: `127.0.0.1:${port}` },
      env: f.env,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}.*(connection refused|connect)`, 'i'));
  });

  it('refuses what is not a registry address before touching anything', async () => {
    const r = await runSub(dockerFamily, 'push', { args: [image], options: { registry: 'http://evil/x' }, env: f.env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/'http:\/\/evil\/x' is not a registry address/);
  });
});
