// Shared setup of the host Docker tests: a temporary state dir, the test image, and cleanup of
// every container/service labelled tekton.test=1 that a test made.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../../support/eventually';
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
    // HERMES_PORT makes every aish command start the detached Hermes sender, which outlives the test
    // and writes into its state dir; only hermes-sender.test.ts wants it (and turns it on itself).
    AISH_HERMES_SENDER: 'off',
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
  // A detached helper of the test's aish (the Hermes sender, a REPL's history write) may still be
  // writing its last file when the test ends: retry, as rm -rf would have to.
  rmSync(stateDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** `docker ...` returning stdout. */
export function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Notes whether the engine is in a Swarm now; `leaveIfWeJoined` leaves only a Swarm the test made
 * (after the named stack's containers are gone, so nothing is left half-removed), leaving other work
 * on the engine as it was found. */
export function swarmGuard(): { leaveIfWeJoined(stack?: string): Promise<void> } {
  const wasActive = docker('info', '-f', '{{.Swarm.LocalNodeState}}') === 'active';
  return {
    async leaveIfWeJoined(stack) {
      if (wasActive) return;
      if (stack) {
        await eventually(() => docker('ps', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`) === '', {
          timeoutMs: 30_000,
          what: `stack ${stack}'s containers gone`,
        }).catch(() => undefined);
      }
      try {
        execFileSync('docker', ['swarm', 'leave', '--force'], { stdio: 'ignore' });
      } catch {
        /* not in a swarm */
      }
    },
  };
}
