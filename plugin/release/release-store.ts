// `<state>/containers/releases.json`: what was pushed (image, registry, digest, manifest) and a
// checkpoint for every promotion and rollback (what ran where, who approved, when). Written under a
// lock with temp + rename; a damaged file is set aside, never overwritten, and reading goes on empty.
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Lifecycle } from '../../protocol';
import { writeFileAtomic } from '../files/atomic-write';
import { withFileLock } from '../files/file-lock';
import { releasesPath } from '../tekton/state-paths';

/** One push of an image to a registry. */
export interface PushRecord {
  app: string;
  /** The local image that was pushed, e.g. myapp:7260bae1086f. */
  image: string;
  registry: string;
  repository: string;
  tags: string[];
  digest: string;
  manifest_hash: string | null;
  git_commit: string | null;
  lifecycle: Lifecycle | null;
  pushed_at: string;
}

/** What ran in a stage from a moment on. */
export interface Checkpoint {
  id: string;
  app: string;
  stage: string;
  digest: string;
  /** The reference the site pulled: registry/repository@digest. */
  ref: string;
  manifest_hash: string | null;
  config: { site: string; replicas: number; env_keys: string[] };
  approved_by: string;
  /** promote, or rollback (to an earlier checkpoint's digest). */
  action: 'promote' | 'rollback';
  at: string;
}

/** The file's contents. */
export interface ReleasesFile {
  version: 1;
  pushes: PushRecord[];
  checkpoints: Checkpoint[];
}

/** The releases file, and what is wrong with it when it could not be read. */
export function readReleases(stateDir: string): { file: ReleasesFile; problem: string | null } {
  const path = releasesPath(stateDir);
  const empty: ReleasesFile = { version: 1, pushes: [], checkpoints: [] };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { file: empty, problem: null };
  }
  try {
    const v = JSON.parse(text) as Partial<ReleasesFile>;
    if (!Array.isArray(v.pushes) || !Array.isArray(v.checkpoints))
      return { file: empty, problem: `${path} holds no pushes/checkpoints lists` };
    return { file: { version: 1, pushes: v.pushes, checkpoints: v.checkpoints }, problem: null };
  } catch (err) {
    return { file: empty, problem: `${path} is not valid JSON (${(err as Error).message})` };
  }
}

/** Changes the file under its lock; a damaged file is kept aside as `.corrupt-<ms>` first. */
export async function updateReleases(stateDir: string, change: (file: ReleasesFile) => void): Promise<void> {
  const path = releasesPath(stateDir);
  mkdirSync(dirname(path), { recursive: true });
  await withFileLock(`${path}.lock`, () => {
    const { file, problem } = readReleases(stateDir);
    if (problem) renameSync(path, `${path}.corrupt-${Date.now()}`);
    change(file);
    // Bounded: the newest 500 pushes and 2000 checkpoints.
    file.pushes = file.pushes.slice(-500);
    file.checkpoints = file.checkpoints.slice(-2000);
    writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, 0o644);
  });
}

/** The checkpoints of one app's stage, oldest first. */
export function stageHistory(file: ReleasesFile, app: string, stage: string): Checkpoint[] {
  return file.checkpoints.filter((c) => c.app === app && c.stage === stage);
}

/** The newest push of an app, or null. */
export function latestPush(file: ReleasesFile, app: string): PushRecord | null {
  return file.pushes.filter((p) => p.app === app).at(-1) ?? null;
}
