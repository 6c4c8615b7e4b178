// How `aish ui` hands its token to a browser without putting it on a command line (red team B07):
// every local user reads every process's argv through /proc/<pid>/cmdline, and a browser started by
// xdg-open keeps its URL there for its whole life. So the opener is given the path of a small page in
// the user's own 0700 state folder (0600, readable by the user's browser only); the page sends the
// browser on to the URL with the token in its fragment. The file is removed once the browser had time
// to read it, and when the UI stops. The URL printed on the terminal still carries the token: the
// terminal is the user's.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { ensurePrivateDir } from '../files/private-dir';
import { uiLaunchDirFor } from '../tekton/state-paths';

/** How long the page stays for the browser to read it. */
export const LAUNCH_PAGE_LIFETIME_MS = 120_000;

/** A page written for the browser: its path (no secret in it) and its removal. */
export interface LaunchPage {
  path: string;
  remove(): void;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page's text: a redirect to `url` (meta refresh, and script for browsers that wait on it). */
export function launchPageHtml(url: string): string {
  const href = escapeHtml(url);
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    '<title>aish ui</title>',
    `<script>location.replace(${JSON.stringify(url).replace(/</g, '\\u003c')});</script>`,
    `<p>Opening <a href="${href}">aish ui</a>…</p>`,
    '',
  ].join('\n');
}

/** Writes the page (0600 in the 0700 folder) and schedules its removal. */
export function writeLaunchPage(stateDir: string, url: string): LaunchPage {
  const dir = uiLaunchDirFor(stateDir);
  ensurePrivateDir(dir);
  const path = join(dir, `open-${randomBytes(9).toString('base64url')}.html`);
  writeFileAtomic(path, launchPageHtml(url), 0o600);
  const remove = () => rmSync(path, { force: true });
  setTimeout(remove, LAUNCH_PAGE_LIFETIME_MS).unref();
  return { path, remove };
}
