// Debian packages the project needs on the host: docker.io (the engine), tini (its static build is
// PID 1 in every generated image), patchelf (to make the shipped node binary self-contained), gcc and
// libc6-dev (to build the static clean-exec launcher) and debootstrap (for the offline base image). Installed only when missing, only as root on Debian.
import { existsSync, readFileSync } from 'node:fs';
import { runCommand } from './run-command';
import { say } from './say';

/** Package → a file it installs, to tell whether it is there without asking dpkg. */
export const HOST_PACKAGES: Readonly<Record<string, string[]>> = {
  'docker.io': ['/usr/sbin/dockerd', '/usr/bin/dockerd'],
  tini: ['/usr/bin/tini-static'],
  patchelf: ['/usr/bin/patchelf'],
  gcc: ['/usr/bin/gcc'],
  'libc6-dev': ['/usr/lib/x86_64-linux-gnu/libc.a'],
  debootstrap: ['/usr/sbin/debootstrap'],
  // The package-environment test makes a marker certificate with it.
  openssl: ['/usr/bin/openssl'],
};

/** True when this process is root on a Debian system (so it may apt-get install). */
export function isRootOnDebian(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

/** Packages whose files are missing. */
export function missingHostPackages(exists: (path: string) => boolean = existsSync): string[] {
  return Object.entries(HOST_PACKAGES)
    .filter(([, files]) => !files.some(exists))
    .map(([name]) => name);
}

/** Installs the missing host packages with apt-get (root on Debian only). */
export async function ensureHostPackages(): Promise<void> {
  const missing = missingHostPackages();
  if (!missing.length) return;
  if (!isRootOnDebian()) {
    say(`missing Debian packages: ${missing.join(' ')} (not root on Debian: install them yourself with apt-get)`);
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(`installing ${missing.join(' ')} with apt-get (log: /var/log/tekton-apt.log)`);
  await runCommand('apt-get', ['update'], { logFile: '/var/log/tekton-apt.log', env });
  await runCommand('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    logFile: '/var/log/tekton-apt.log',
    env,
  });
}

/** The Debian mirror this host uses (for debootstrap), else deb.debian.org. */
export function hostDebianMirror(read: (path: string) => string | null = readText): string {
  const sources = read('/etc/apt/sources.list.d/debian.sources') ?? '';
  const deb822 = /^URIs:\s*(\S+)/m.exec(sources);
  if (deb822?.[1] && !deb822[1].includes('security')) return deb822[1];
  const list = read('/etc/apt/sources.list') ?? '';
  const line = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/m.exec(list);
  return line?.[1] ?? 'http://deb.debian.org/debian';
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
