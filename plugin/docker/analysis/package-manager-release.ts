// Which release of pnpm or Yarn 1 a Node app is built with. Corepack without a version takes the
// newest, which refuses lockfiles of older majors under --frozen-lockfile (and pnpm 11+ does not run
// on the Node 18/20 here), so the release is pinned: package.json packageManager, then engines, then
// the major that writes the lockfile's lockfileVersion.
import type { Choice } from './decide';
import type { ProjectTree } from './project-tree';

/** pnpm's lockfileVersion → the pnpm major that writes it (and reads it under --frozen-lockfile). */
const PNPM_LOCKFILE_MAJOR: Array<[RegExp, string]> = [
  [/^5\.[0-3]$/, '6'],
  [/^5\.4$/, '7'],
  [/^6\./, '8'],
  [/^[79]\./, '9'],
];

/** The newest pnpm major that runs on every Node the bases offer (pnpm 11 needs Node 22). */
export const DEFAULT_PNPM_MAJOR = '10';

/**
 * A corepack spec (`pnpm@8`, `pnpm@9.0.3`, `yarn@1`) for pnpm and Yarn 1, with where it came from;
 * null for npm, Bun and Yarn Berry (Berry brings its own release or is pinned by packageManager).
 */
export function packageManagerRelease(
  pm: string,
  pkg: { packageManager?: string; engines?: Record<string, string | undefined> },
  tree: ProjectTree,
): Choice<string> | null {
  if (pm !== 'pnpm' && pm !== 'yarn') return null;
  // The sha suffix corepack adds (`pnpm@9.0.3+sha512.…`) is not part of the version.
  const declared = new RegExp(`^${pm}@(\\d[^+\\s]*)`).exec(pkg.packageManager ?? '')?.[1];
  if (declared) return { value: `${pm}@${declared}`, source: 'package.json packageManager' };
  const engines = majorOf(pkg.engines?.[pm]);
  const lockMajor = pm === 'pnpm' ? pnpmLockfileMajor(tree.read('pnpm-lock.yaml')) : null;
  if (engines && !(engines.atLeast && lockMajor && Number(lockMajor) > Number(engines.major)))
    return { value: `${pm}@${engines.major}`, source: `package.json engines.${pm}: ${pkg.engines![pm]}` };
  if (lockMajor)
    return { value: `pnpm@${lockMajor}`, source: `pnpm-lock.yaml lockfileVersion (written by pnpm ${lockMajor})` };
  return pm === 'pnpm'
    ? {
        value: `pnpm@${DEFAULT_PNPM_MAJOR}`,
        source: `no version asked: pnpm ${DEFAULT_PNPM_MAJOR}, the newest that runs on Node 18-20`,
      }
    : { value: 'yarn@1', source: 'yarn.lock of Yarn 1 and no packageManager' };
}

/** The major a range asks (`^8.6.0`, `8.x`, `>=7`), and whether it is open upwards. */
function majorOf(range: string | undefined): { major: string; atLeast: boolean } | null {
  const m = /(\d+)/.exec(range ?? '');
  return m ? { major: m[1]!, atLeast: /^\s*>/.test(range!) } : null;
}

/** The pnpm major for a pnpm-lock.yaml, null when unknown. */
export function pnpmLockfileMajor(lockfile: string | null): string | null {
  const v = /^lockfileVersion:\s*['"]?([\d.]+)/m.exec(lockfile ?? '')?.[1];
  return v ? (PNPM_LOCKFILE_MAJOR.find(([re]) => re.test(v))?.[1] ?? null) : null;
}
