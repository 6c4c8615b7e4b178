// A temporary TEKTON_STATE_DIR for a test, with the base-image map the setup wrote copied in, so
// builds inside the test still find the offline local bases (python:3.12-slim → tekton-local/...).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadTektonEnv } from '../../plugin/tekton/env';
import { sharedStateDir } from '../../plugin/tekton/shared-state';
import { baseImageMapPath } from '../../plugin/tekton/state-paths';

/** A temporary state dir and how to remove it. */
export interface TestStateDir {
  dir: string;
  /** Environment for code under test: the process env with TEKTON_STATE_DIR set, and TEKTON_LABELS so
   * that every Docker object the commands create carries tekton.test=1. */
  env: Record<string, string | undefined>;
  cleanup(): void;
}

/** Path of the map the setup wrote for this user (outside any test state dir). */
export function realBaseImageMapPath(): string {
  const env = { ...loadTektonEnv() };
  delete env.TEKTON_STATE_DIR;
  return baseImageMapPath(sharedStateDir(env));
}

/** Makes a temporary state dir holding a copy of the setup's base-image map (when there is one). */
export function makeTestStateDir(prefix = 'tekton-test-state-'): TestStateDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const map = realBaseImageMapPath();
  if (existsSync(map)) {
    mkdirSync(dirname(baseImageMapPath(dir)), { recursive: true });
    copyFileSync(map, baseImageMapPath(dir));
  }
  return {
    dir,
    env: { ...process.env, TEKTON_STATE_DIR: dir, TEKTON_LABELS: 'tekton.test=1' },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
