// The local build registry, `<state>/containers/builds.json`, in Ergon's schema (TEKTON.md, Ergon:
// type container, semver version, name, source {project_id, location}, content, tags), written
// under a lock with temp + rename; and the same record posted to Ergon when Ergon answers.
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Manifest } from '../../../protocol';
import { writeFileAtomic } from '../../files/atomic-write';
import { withFileLock } from '../../files/file-lock';
import { buildsPath } from '../../tekton/state-paths';

/** One build, as Ergon stores deployable units. */
export interface BuildRecord {
  type: 'container';
  name: string;
  version: string;
  description: string;
  source: { project_id: string | null; location: string };
  content: {
    manifest: Manifest;
    image: string;
    image_id: string;
    tags: string[];
    manifest_hash: string;
    built_at: string;
    context_dir: string;
  };
  tags: string[];
}

/** The recorded builds (oldest first), and what is wrong with the file when it cannot be read. */
export function readBuildsFile(stateDir: string): { builds: BuildRecord[]; problem: string | null } {
  const file = buildsPath(stateDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { builds: [], problem: null };
  }
  try {
    const v = JSON.parse(text) as { builds?: unknown };
    if (!Array.isArray(v.builds)) return { builds: [], problem: `${file} holds no 'builds' list; it was left as is` };
    return { builds: (v.builds as BuildRecord[]).filter((b) => b && typeof b.name === 'string'), problem: null };
  } catch (err) {
    return { builds: [], problem: `${file} is not valid JSON (${(err as Error).message}); it was left as is` };
  }
}

/** All recorded builds (oldest first); an unreadable file counts as none. */
export function readBuilds(stateDir: string): BuildRecord[] {
  return readBuildsFile(stateDir).builds;
}

/** Appends a build (replacing an earlier record of the same image tag). */
export async function recordBuild(stateDir: string, record: BuildRecord): Promise<void> {
  const file = buildsPath(stateDir);
  mkdirSync(dirname(file), { recursive: true });
  await withFileLock(`${file}.lock`, () => {
    const current = readBuildsFile(stateDir);
    // A damaged file is kept beside the new one, never overwritten: its records may still be wanted.
    if (current.problem) renameSync(file, `${file}.corrupt-${Date.now()}`);
    const builds = current.builds.filter((b) => b.content?.image !== record.content.image);
    builds.push(record);
    // Keep the file bounded: the newest 200 builds.
    writeFileAtomic(file, `${JSON.stringify({ version: 1, builds: builds.slice(-200) }, null, 2)}\n`, 0o644);
  });
}

/** Ergon's store URL from the environment (ERGON_HOST, else TEKTON_HOST, else localhost; ERGON_PORT or 8002). */
export function ergonStoreUrl(env: Record<string, string | undefined>): string {
  return `http://${env.ERGON_HOST || env.TEKTON_HOST || 'localhost'}:${env.ERGON_PORT || '8002'}/api/ergon/registry/store`;
}

/** Posts the record to Ergon; resolves whether Ergon took it. Silent when Ergon is not there. */
export async function postToErgon(
  env: Record<string, string | undefined>,
  record: BuildRecord,
  timeoutMs = 800,
): Promise<boolean> {
  try {
    const res = await fetch(ergonStoreUrl(env), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(record),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** A semver version for a build: the project's own version with the content hash as build metadata. */
export function buildVersion(projectVersion: string | null, hash12: string): string {
  const base = projectVersion && /^\d+\.\d+\.\d+/.exec(projectVersion)?.[0];
  return `${base ?? '0.1.0'}+${hash12}`;
}
