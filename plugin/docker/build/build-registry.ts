// The local build registry, `<state>/containers/builds.json`, in Ergon's schema (TEKTON.md, Ergon:
// type container, semver version, name, source {project_id, location}, content, tags), written
// under a lock with temp + rename; and the same record posted to Ergon when Ergon answers.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Manifest } from '../../../protocol';
import { writeFileAtomic } from '../../ci/atomic-write';
import { withFileLock } from '../../ci/file-lock';

/** One build, as Ergon stores deployable units. */
export interface BuildRecord {
  type: 'container';
  name: string;
  version: string;
  description: string;
  source: { project_id: string | null; location: string };
  content: { manifest: Manifest; image: string; image_id: string; tags: string[]; manifest_hash: string; built_at: string; context_dir: string };
  tags: string[];
}

/** Path of builds.json under a state dir. */
export function buildsFile(stateDir: string): string {
  return join(stateDir, 'containers', 'builds.json');
}

/** All recorded builds (oldest first). */
export function readBuilds(stateDir: string): BuildRecord[] {
  try {
    const v = JSON.parse(readFileSync(buildsFile(stateDir), 'utf8')) as { builds?: BuildRecord[] };
    return Array.isArray(v.builds) ? v.builds : [];
  } catch { return []; }
}

/** Appends a build (replacing an earlier record of the same image tag). */
export async function recordBuild(stateDir: string, record: BuildRecord): Promise<void> {
  const file = buildsFile(stateDir);
  mkdirSync(dirname(file), { recursive: true });
  await withFileLock(`${file}.lock`, () => {
    const builds = readBuilds(stateDir).filter((b) => b.content?.image !== record.content.image);
    builds.push(record);
    // Keep the file bounded: the newest 200 builds.
    writeFileAtomic(file, JSON.stringify({ version: 1, builds: builds.slice(-200) }, null, 2) + '\n', 0o644);
  });
}

/** Ergon's store URL from the environment (ERGON_HOST, else TEKTON_HOST, else localhost; ERGON_PORT or 8002). */
export function ergonStoreUrl(env: Record<string, string | undefined>): string {
  return `http://${env.ERGON_HOST || env.TEKTON_HOST || 'localhost'}:${env.ERGON_PORT || '8002'}/api/ergon/registry/store`;
}

/** Posts the record to Ergon; resolves whether Ergon took it. Silent when Ergon is not there. */
export async function postToErgon(env: Record<string, string | undefined>, record: BuildRecord, timeoutMs = 800): Promise<boolean> {
  try {
    const res = await fetch(ergonStoreUrl(env), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(record), signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok;
  } catch { return false; }
}

/** A semver version for a build: the project's own version with the content hash as build metadata. */
export function buildVersion(projectVersion: string | null, hash12: string): string {
  const base = projectVersion && /^\d+\.\d+\.\d+/.exec(projectVersion)?.[0];
  return `${base ?? '0.1.0'}+${hash12}`;
}
