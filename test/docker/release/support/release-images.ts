// Images for the release tests: the host tests' CI image with a manifest of our own (its lifecycle,
// and a web service that works or one that keeps failing), a HEALTHCHECK answered by the CI, and
// labels naming a per-run app, so parallel runs never share a repository or a container name.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEALTHCHECK_CMD } from '../../../../plugin/docker/dockerfile/generate-dockerfile';
import { dockerFamily } from '../../../../plugin/docker/family';
import { ensureCiTestImage, testManifest } from '../../host/support/ci-test-image';
import { runSub } from '../../host/support/run-command';

/** A variant: `good` serves HTTP; `bad` exits at once, so its CI turns unhealthy within seconds. */
export function buildReleaseImage(opts: {
  app: string;
  variant: string;
  healthy: boolean;
  lifecycle: unknown;
}): string {
  const base = ensureCiTestImage();
  const manifest = testManifest(opts.app) as Record<string, unknown> & {
    applications: Record<string, { run_command: string[]; env?: Record<string, string> }>;
  };
  manifest.lifecycle = opts.lifecycle;
  delete manifest.applications.worker;
  (manifest.containers as Record<string, { applications: string[] }>)[opts.app]!.applications = ['web'];
  manifest.applications.web!.env = { RELEASE_VARIANT: opts.variant };
  if (!opts.healthy) {
    manifest.applications.web!.run_command = ['/opt/tekton-ci/node', '-e', 'process.exit(3)'];
    (manifest.applications.web as Record<string, unknown>).supervision = { max_restarts: 1 };
  }
  const text = JSON.stringify(manifest, null, 2);
  const hash = createHash('sha256').update(base).update(text).digest('hex');
  const image = `tekton-test/${opts.app}:${opts.variant}`;
  const ctx = mkdtempSync(join(tmpdir(), 'rel-img-'));
  try {
    writeFileSync(join(ctx, 'manifest.json'), text);
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [
        `FROM ${base}`,
        'COPY manifest.json /opt/tekton-ci/manifest.json',
        // A failing service goes FATAL after one restart, so the CI says unhealthy quickly.
        'ENV TEKTON_CI_MAX_RESTARTS=1',
        `LABEL tekton.test=1 tekton.project=${opts.app} tekton.container=${opts.app} tekton.ci.name=${opts.app}-container-ci tekton.manifest.hash=${hash}`,
        // The CI's own healthcheck (the test image carries the CI's files, ci-tool.js among them).
        `HEALTHCHECK --interval=3s --timeout=5s --start-period=10s --retries=2 CMD ${JSON.stringify(HEALTHCHECK_CMD)}`,
        '',
      ].join('\n'),
    );
    execFileSync('docker', ['build', '-q', '-t', image, ctx], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
  return image;
}

/** The registry the setup started (TEKTON_REGISTRY, else 127.0.0.1:5000). */
export const TEST_REGISTRY = process.env.TEKTON_REGISTRY || '127.0.0.1:5000';

/** The digest the registry holds for `repository:tag` (its own answer, read over HTTP). */
export async function registryDigest(registry: string, repository: string, tag: string): Promise<string | null> {
  const res = await fetch(`http://${registry}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  return res.ok ? res.headers.get('docker-content-digest') : null;
}

/** Deletes a repository's manifests from the registry (best effort: the test's clean-up). */
export async function deleteFromRegistry(registry: string, repository: string, digests: string[]): Promise<void> {
  for (const d of new Set(digests)) {
    await fetch(`http://${registry}/v2/${repository}/manifests/${d}`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** Builds a variant and pushes it with `aish docker push`; resolves the digest (throws with push's stderr). */
export async function pushRelease(opts: {
  app: string;
  variant: string;
  healthy?: boolean;
  lifecycle: unknown;
  env: Record<string, string | undefined>;
  registry?: string;
}): Promise<string> {
  const image = buildReleaseImage({
    app: opts.app,
    variant: opts.variant,
    healthy: opts.healthy ?? true,
    lifecycle: opts.lifecycle,
  });
  const r = await runSub(dockerFamily, 'push', {
    args: [image],
    options: { registry: opts.registry ?? TEST_REGISTRY },
    env: opts.env,
    json: true,
  });
  if (r.status !== 0) throw new Error(`aish docker push ${image} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout).pushed[0].digest as string;
}
