// The browser the UI tests drive: Debian's `chromium` (a browser download cannot work here, so
// playwright-core is pointed at /usr/bin/chromium). Installed with apt-get when missing, only as
// root on Debian; elsewhere the setup says how to get it.
import { existsSync } from 'node:fs';
import { isRootOnDebian } from './host-packages';
import { runCommand } from './run-command';
import { say } from './say';

/** Where the UI tests expect the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Package → a file it installs: the browser, and a colour emoji font so 🐳 renders in screenshots. */
export const BROWSER_PACKAGES: Readonly<Record<string, string>> = {
  chromium: CHROMIUM_PATH,
  'fonts-noto-color-emoji': '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf',
};

/** Installs Debian's chromium (and the emoji font) when not there. */
export async function ensureBrowser(exists: (path: string) => boolean = existsSync): Promise<void> {
  const missing = Object.entries(BROWSER_PACKAGES)
    .filter(([, file]) => !exists(file))
    .map(([name]) => name);
  if (!missing.length) return;
  if (!isRootOnDebian()) {
    say(`missing ${missing.join(' ')}: the browser tests need them (install with apt-get, as root)`);
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(`installing ${missing.join(' ')} with apt-get for the browser tests (log: /var/log/tekton-apt.log)`);
  await runCommand('apt-get', ['update'], { logFile: '/var/log/tekton-apt.log', env });
  await runCommand('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    logFile: '/var/log/tekton-apt.log',
    env,
  });
}
