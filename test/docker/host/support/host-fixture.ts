// Shared setup of the host Docker tests: a temporary state dir, the test image, and cleanup of
// every container/service labelled tekton.test=1 that a test made.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCiTestImage } from './ci-test-image';

/** The labels every Docker object a test creates carries (README: Tests). */
export const TEST_LABELS = 'tekton.test=1';

/** A fresh state dir and env for one test file. Short path: Unix socket paths are limited to 107 bytes. */
export function hostFixture() {
  const stateDir = mkdtempSync(join(tmpdir(), 'hst-'));
  // TEKTON_LABELS: every image, container and service the commands under test create is labelled.
  const env = {
    ...process.env,
    TEKTON_STATE_DIR: stateDir,
    HERMES_PORT: '1',
    TEKTON_CI_TIMEOUT_MS: '5000',
    TEKTON_LABELS: TEST_LABELS,
  } as Record<string, string | undefined>;
  return { stateDir, env, image: ensureCiTestImage() };
}

/** Removes containers with the given name prefix (the tests name theirs uniquely) and the state dir. */
export function cleanup(stateDir: string, names: string[]): void {
  for (const n of names) {
    try {
      execFileSync('docker', ['rm', '-f', n], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
  rmSync(stateDir, { recursive: true, force: true });
}

/** `docker ...` returning stdout. */
export function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}
