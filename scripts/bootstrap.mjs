#!/usr/bin/env node
// First step of `npm test` and `npm run demo`: plain Node, no dependencies, because it runs before
// npm install. Installs npm dependencies when they are missing or out of date, then runs the
// setup (scripts/setup/index.ts: Docker engine, offline base images, bundles).
//
// Out of date is decided by content, not by mtimes: every package of package-lock.json must be in
// node_modules/.package-lock.json at the same version. (An mtime test can fire on a lockfile
// written milliseconds after node_modules, and `npm ci` would then delete node_modules under the
// feet of whoever else is running.) A missing node_modules gets `npm ci`; a stale one `npm install`,
// which keeps what is already there.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stalePackages } from './npm-deps-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`bootstrap: ${line}\n`);

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) {
    say(`could not run ${cmd}: ${r.error.message}`);
    process.exit(1);
  }
  return r.status ?? 1;
}

const hasLock = existsSync(join(root, 'package-lock.json'));
if (!existsSync(join(root, 'node_modules'))) {
  say(`node_modules is missing: npm ${hasLock ? 'ci' : 'install'}`);
  if (run('npm', [hasLock ? 'ci' : 'install', '--no-audit', '--no-fund']) !== 0) {
    say('npm could not install the dependencies (see above); fix that and run this again');
    process.exit(1);
  }
} else {
  const stale = stalePackages(
    readJson(join(root, 'package-lock.json')),
    readJson(join(root, 'node_modules', '.package-lock.json')),
  );
  if (stale.length) {
    say(`node_modules is out of date (${stale.slice(0, 5).join(', ')}${stale.length > 5 ? ', ...' : ''}): npm install`);
    if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) {
      say('npm install failed (see above); fix that and run this again');
      process.exit(1);
    }
  }
}

process.exit(run(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'scripts', 'setup', 'index.ts')]));
