// The Node the CI runs on in every image (the pinned LTS from npm), for tests that spawn the recipe
// worker on the host: they run it on the same release as production, not on the host's Node.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CI_NODE_RELEASE, fetchCiNode } from '../../scripts/ci-node';

let cached: { execPath: string; nodeVersion: string } | null = null;

/** The pinned Node binary (fetched and verified on first use) and its `process.version`. */
export function ciNode(): { execPath: string; nodeVersion: string } {
  if (cached) return cached;
  // The cache lives under the user's home (often 0700); the worker's user must reach the binary.
  const dir = join(tmpdir(), `tekton-ci-node-${CI_NODE_RELEASE.version}`);
  const execPath = join(dir, 'node');
  if (!existsSync(execPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    const partial = `${execPath}.${process.pid}`;
    copyFileSync(fetchCiNode(), partial);
    chmodSync(partial, 0o755);
    renameSync(partial, execPath);
  }
  cached = { execPath, nodeVersion: execFileSync(execPath, ['-p', 'process.version'], { encoding: 'utf8' }).trim() };
  return cached;
}
