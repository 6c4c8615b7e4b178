// Boundary 1 (docs/security.md), another local user: `aish ui` never puts its token on a command line
// (red team B07). Every local user reads every process's argv (/proc/<pid>/cmdline), and a browser
// started by xdg-open keeps its URL there. The real front-end (dist/aish.js) runs with a desktop and a
// stand-in xdg-open that stays alive with its arguments, as a freshly started browser does; user
// `nobody` scans every argv: no token. The stand-in was handed a page in the user's 0700 state folder,
// which nobody cannot read and which chromium opens into the authenticated UI. Control: the opener
// handed the URL, as before, shows the token to nobody.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle';
import { eventually } from '../support/eventually';

const ROOT = resolve(__dirname, '..', '..');

// What user nobody finds in every process's argv: the tokens after `token=`.
function tokensSeenByNobody(): string[] {
  const script = 'for f in /proc/[0-9]*/cmdline; do tr "\\0" " " 2>/dev/null < $f; echo; done';
  const all = execFileSync('runuser', ['-u', 'nobody', '--', 'sh', '-c', script], { encoding: 'utf8' });
  return [...all.matchAll(/token=([A-Za-z0-9_-]+)/g)].map((m) => m[1]!);
}

describe('aish ui opens the browser without the token in any argv', () => {
  let dir = '';
  let ui: ChildProcess | null = null;
  let out = '';
  const bin = () => join(dir, 'bin');

  beforeAll(async () => {
    await bundle({ root: ROOT, assets: false, log: () => undefined });
    dir = mkdtempSync(join(tmpdir(), 'uta-'));
    chmodSync(dir, 0o755);
    mkdirSync(bin());
    // The stand-in browser: records what it was handed, then lives on with it in its argv.
    writeFileSync(
      join(bin(), 'xdg-open'),
      `#!/bin/sh\necho $$ > ${dir}/pid\nprintf '%s' "$1" > ${dir}/opened\nexec sh -c 'sleep 60 & wait' stand-in-browser "$@"\n`,
      { mode: 0o755 },
    );
  });
  afterAll(() => {
    ui?.kill('SIGTERM');
    try {
      // aish starts the opener detached, in a process group of its own: that group, by its id.
      process.kill(-Number(readFileSync(join(dir, 'pid'), 'utf8')), 'SIGKILL');
    } catch {
      /* none left */
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('control: an opener handed the URL (as before) shows the token to user nobody', async () => {
    const token = `control${process.pid}abc`;
    const opener = spawn(join(bin(), 'xdg-open'), [`http://127.0.0.1:9/#token=${token}`], {
      stdio: 'ignore',
      detached: true,
    });
    try {
      await eventually(() => tokensSeenByNobody().includes(token), { what: 'the token in an argv' });
    } finally {
      process.kill(-opener.pid!, 'SIGKILL');
      rmSync(join(dir, 'opened'), { force: true });
    }
  });

  it('the real front-end hands the opener a private page: nobody finds the token, chromium opens the UI', async () => {
    const state = join(dir, 'state');
    ui = spawn(process.execPath, [join(ROOT, 'dist', 'aish.js'), 'ui', '--port', '0'], {
      env: {
        ...process.env,
        PATH: `${bin()}:${process.env.PATH}`,
        DISPLAY: ':77',
        TEKTON_STATE_DIR: state,
        AISH_HERMES_SENDER: 'off',
        AISH_MONITOR: 'off',
        HERMES_PORT: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    ui.stdout!.on('data', (d) => {
      out += d;
    });
    const url = await eventually(() => /aish ui: (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(out)?.[1], {
      what: 'the URL on the terminal',
      timeoutMs: 60_000,
    });
    const token = url.split('#token=')[1]!;
    const opened = await eventually(() => {
      try {
        return readFileSync(join(dir, 'opened'), 'utf8');
      } catch {
        return '';
      }
    });
    expect(opened).toMatch(new RegExp(`^${state}/ui/open-[A-Za-z0-9_-]+\\.html$`));
    expect(opened).not.toContain(token);
    // The stand-in lives on with the page's path in its argv; nobody scans every argv.
    await eventually(() =>
      execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(`stand-in-browser ${opened}`),
    );
    expect(tokensSeenByNobody()).not.toContain(token);
    // nobody cannot read the page itself (0600 in a 0700 folder).
    expect(() => execFileSync('runuser', ['-u', 'nobody', '--', 'cat', opened], { stdio: 'pipe' })).toThrow();
    // The user's browser opens the page into the UI, authenticated with the token.
    const profile = join(dir, 'profile');
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--no-first-run', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      const authorised = page.waitForResponse(
        (r) => r.url().startsWith(url.split('#')[0]!) && r.url().includes('/api/') && r.status() === 200,
        { timeout: 30_000 },
      );
      await page.goto(`file://${opened}`);
      await authorised;
      expect(page.url().startsWith(url.split('#')[0]!)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
