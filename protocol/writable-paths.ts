// The paths a service's user may write (manifest `applications.<app>.writable_paths`): the app's code
// is root's and read-only to that user, so what it must write is declared, made at build time and
// given to it. Values reach a generated Dockerfile, so they are judged strictly here.

/** Folders no declared path may be or lie in: the CI's own and the system's. */
const PROTECTED = [
  '/opt/tekton-ci',
  '/run/tekton-ci',
  '/var/lib/tekton-ci',
  '/etc',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/proc',
  '/sys',
  '/dev',
  '/root',
];

// A path is plain characters only: no space, quote, `$`, backslash or newline can reach a Dockerfile line.
const PLAIN = /^[A-Za-z0-9._@+/-]{1,200}$/;

/** The absolute path of `path` (absolute, or relative to the service's workdir), normalised. */
export function resolveWritablePath(workdir: string, path: string): string {
  const parts = `${path.startsWith('/') ? '' : `${workdir}/`}${path}`.split('/').filter((p) => p && p !== '.');
  return `/${parts.join('/')}`;
}

/** Problems with a manifest's `writable_paths` value (empty when it is valid or absent). */
export function writablePathProblems(where: string, value: unknown, workdir = '/app'): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [`${where} must be an array of paths`];
  const problems: string[] = [];
  for (const p of value) {
    if (typeof p !== 'string' || !PLAIN.test(p)) {
      problems.push(`${where}: ${JSON.stringify(p)} is not a plain path (letters, digits, . _ @ + - / only)`);
      continue;
    }
    if (p.split('/').includes('..')) {
      problems.push(`${where}: '${p}' climbs out with '..'; name the folder itself`);
      continue;
    }
    const abs = resolveWritablePath(workdir, p);
    const hit = PROTECTED.find((d) => abs === d || abs.startsWith(`${d}/`));
    if (abs === '/' || hit)
      problems.push(
        `${where}: '${p}' is ${abs === '/' ? 'the root folder' : `in ${hit}`}, which the app's user may never write`,
      );
  }
  return problems;
}
