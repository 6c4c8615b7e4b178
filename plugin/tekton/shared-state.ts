// Host-wide state (the base-image map the setup writes, the build records) describes this user's
// Docker engine, not one Tekton checkout: it lives in the user's state dir whether TEKTON_ROOT is
// set or not, so setting or unsetting TEKTON_ROOT after the setup never hides it. Files an older
// setup wrote under $TEKTON_ROOT/.tekton are merged in (never moved or deleted) when first seen.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { defaultEnvIo, tektonRoot, type Env, type EnvIo } from './env';
import { baseImageMapPath, buildsPath } from './state-paths';

/** The user's state dir: TEKTON_STATE_DIR (tests), else ${XDG_STATE_HOME:-~/.local/state}/tekton. */
export function userStateDir(env: Env, io: Pick<EnvIo, 'home'> = defaultEnvIo): string {
  if (env.TEKTON_STATE_DIR) return env.TEKTON_STATE_DIR;
  return join(env.XDG_STATE_HOME || join(env.HOME || io.home(), '.local', 'state'), 'tekton');
}

/** Other places an earlier setup may have written host-wide files to (pure). */
export function legacyStateDirs(env: Env, io: Pick<EnvIo, 'exists' | 'home'> = defaultEnvIo): string[] {
  if (env.TEKTON_STATE_DIR) return [];
  const root = tektonRoot(env, io);
  const user = userStateDir(env, io);
  return root && join(root, '.tekton') !== user ? [join(root, '.tekton')] : [];
}

/**
 * The state dir holding the base-image map and the build records, with anything found only in a
 * legacy place merged in first. Cheap when there is nothing to merge (two existence checks).
 */
export function sharedStateDir(env: Env, io: Pick<EnvIo, 'exists' | 'home'> = defaultEnvIo): string {
  const dir = userStateDir(env, io);
  for (const legacy of legacyStateDirs(env, io)) {
    mergeBaseImageMap(baseImageMapPath(legacy), baseImageMapPath(dir));
    mergeBuilds(buildsPath(legacy), buildsPath(dir));
  }
  return dir;
}

/** Adds the legacy map's entries the current map lacks (the current map wins). */
export function mergeBaseImageMap(from: string, to: string): void {
  const legacy = readJson(from);
  if (!isRecord(legacy)) return;
  if (!existsSync(to)) {
    copy(from, to);
    return;
  }
  const current = readJson(to);
  if (!isRecord(current)) return; // a damaged current map is the build's to report, not ours to replace
  const missing = Object.entries(legacy).filter(([k, v]) => typeof v === 'string' && !(k in current));
  if (!missing.length) return;
  writeFileAtomic(to, `${JSON.stringify({ ...Object.fromEntries(missing), ...current }, null, 2)}\n`, 0o644);
}

/** Adds the legacy build records whose image the current file does not hold (older first). */
export function mergeBuilds(from: string, to: string): void {
  const legacy = readJson(from) as { builds?: unknown } | null;
  if (!legacy || !Array.isArray(legacy.builds)) return;
  if (!existsSync(to)) {
    copy(from, to);
    return;
  }
  const current = readJson(to) as { version?: unknown; builds?: unknown } | null;
  if (!current || !Array.isArray(current.builds)) return;
  const have = new Set(current.builds.map(imageOf));
  const missing = legacy.builds.filter((b) => !have.has(imageOf(b)));
  if (!missing.length) return;
  writeFileAtomic(to, `${JSON.stringify({ ...current, builds: [...missing, ...current.builds] }, null, 2)}\n`, 0o644);
}

function imageOf(b: unknown): string {
  return String((b as { content?: { image?: unknown } } | null)?.content?.image ?? '');
}

function copy(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
