// A small image with the real container CI inside, for the host tests (independent of the docker
// engineer's generator): Debian base, dist/tekton-ci copied to /opt/tekton-ci, a manifest with a
// web service (the CI's own node serving HTTP on 8000) and a worker (sleep).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');
export const TEST_IMAGE_REPO = 'tekton-test/host-ci';

/** The manifest baked into the test image. */
export function testManifest(project = 'hostci') {
  return {
    manifest_version: 1,
    project: { name: project, repository: null },
    applications: {
      web: {
        type: 'web',
        language: 'node',
        framework: 'http',
        entrypoint: null,
        dependencies: [],
        build_commands: [],
        run_command: ['/opt/tekton-ci/node', '-e', "require('http').createServer((q,s)=>s.end('ok')).listen(8000)"],
        port: 8000,
        health: { kind: 'http', port: 8000, path: '/' },
        essential: false,
      },
      worker: {
        type: 'worker',
        language: 'shell',
        framework: null,
        entrypoint: null,
        dependencies: [],
        build_commands: [],
        run_command: ['/bin/sleep', 'infinity'],
        port: null,
        health: { kind: 'process' },
      },
    },
    containers: {
      [project]: {
        base_image: 'tekton-local/debian:bookworm',
        applications: ['web', 'worker'],
        ports: [8000],
        ci_name: `${project}-container-ci`,
        ci_capabilities: [],
      },
    },
    packaging: { build_order: [project], registry: null, tagging: 'content-hash' },
  };
}

/** Builds (once per CI bundle version) and returns the image name. */
export function ensureCiTestImage(): string {
  const assets = join(ROOT, 'dist', 'tekton-ci');
  if (!existsSync(join(assets, 'ci-runtime.js'))) {
    execFileSync('npx', ['tsx', 'scripts/build-ci-assets.ts'], { cwd: ROOT, stdio: 'inherit' });
  }
  const manifest = JSON.stringify(testManifest(), null, 2);
  // The asset builder writes .inputs-sha256 last (over the runtime, recipes and worker sources).
  const inputs = existsSync(join(assets, '.inputs-sha256'))
    ? readFileSync(join(assets, '.inputs-sha256'))
    : readFileSync(join(assets, 'ci-runtime.js'));
  const hash = createHash('sha256').update(inputs).update(manifest).digest('hex');
  const image = `${TEST_IMAGE_REPO}:${hash.slice(0, 12)}`;
  try {
    execFileSync('docker', ['image', 'inspect', image], { stdio: 'ignore' });
    return image;
  } catch {
    /* build below */
  }
  // Older versions of this test image (made with an earlier CI bundle) are of no further use.
  const old = execFileSync('docker', ['images', '-q', '--filter', `reference=${TEST_IMAGE_REPO}`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  if (old.length) {
    try {
      execFileSync('docker', ['rmi', '-f', ...new Set(old)], { stdio: 'ignore' });
    } catch {
      /* an old one still in use by a container */
    }
  }
  const ctx = mkdtempSync(join(tmpdir(), 'host-ci-img-'));
  try {
    cpSync(assets, join(ctx, 'tekton-ci'), { recursive: true });
    writeFileSync(join(ctx, 'manifest.json'), manifest);
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [
        'FROM tekton-local/debian:bookworm',
        'RUN useradd --uid 10001 --create-home app',
        'COPY tekton-ci/ /opt/tekton-ci/',
        'COPY manifest.json /opt/tekton-ci/manifest.json',
        `LABEL tekton.test=1 tekton.ci.name=hostci-container-ci tekton.project=hostci tekton.manifest.hash=${hash}`,
        'EXPOSE 8000',
        'ENTRYPOINT ["/opt/tekton-ci/tini", "--", "/opt/tekton-ci/node", "/opt/tekton-ci/ci-runtime.js"]',
        '',
      ].join('\n'),
    );
    execFileSync('docker', ['build', '-q', '-t', image, ctx], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  return image;
}
