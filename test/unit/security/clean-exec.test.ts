// clean-exec, the real static binary, in front of the CI's real Node: an environment that carries
// LD_PRELOAD (a real shared object), NODE_OPTIONS (--require of a real script) and other loaders'
// variables runs none of them, and only the allow-list arrives. The control starts the same Node
// with the same environment directly, as Docker would without clean-exec: both payloads run.
// With --app-env the whole environment is handed over in the memfd, for the services only.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { takeAppEnv } from '../../../ci-runtime/app-env';
import { describeIsolation } from '../../../ci-runtime/isolation';
import { buildCleanExec } from '../../../scripts/build-ci-assets';
import { ciNode } from '../../support/ci-node';

const ROOT = resolve(import.meta.dirname, '../../..');
let dir: string;
let cleanExec: string;
let markers: string;

// What an app user could plant: a shared object whose constructor leaves a mark, and a script.
const EVIL_SO = `#include <stdio.h>
__attribute__((constructor)) static void mark(void) {
  FILE *f = fopen("MARKERS/ld_preload", "w"); if (f) fclose(f);
}`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tekton-clean-exec-'));
  markers = join(dir, 'markers');
  cleanExec = join(dir, 'clean-exec');
  buildCleanExec(cleanExec);
  writeFileSync(join(dir, 'evil.c'), EVIL_SO.replace('MARKERS', markers));
  execFileSync('gcc', ['-shared', '-fPIC', '-o', join(dir, 'evil.so'), join(dir, 'evil.c')]);
  writeFileSync(
    join(dir, 'evil.js'),
    `require('node:fs').writeFileSync(${JSON.stringify(join(markers, 'node_options'))}, '')`,
  );
  chmodSync(dir, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  rmSync(markers, { recursive: true, force: true });
  execFileSync('mkdir', [markers]);
});

/** The environment a hostile image would set, plus the CI's own settings. */
function imageEnv(): Record<string, string> {
  return {
    PATH: `${dir}:/usr/bin:/bin`,
    LD_PRELOAD: join(dir, 'evil.so'),
    LD_LIBRARY_PATH: dir,
    NODE_OPTIONS: `--require ${join(dir, 'evil.js')}`,
    PYTHONSTARTUP: join(dir, 'evil.py'),
    PERL5OPT: '-Mevil',
    RUBYOPT: '-revil',
    BASH_ENV: join(dir, 'evil.sh'),
    npm_config_userconfig: join(dir, 'npmrc'),
    HOME: dir,
    DATABASE_URL: 'postgres://app:secret@127.0.0.1/app',
    TEKTON_CI_NAME: 'myapp-container-ci',
    TEKTON_CI_TOKEN: 't0ken',
    TEKTON_CI_SOCKET: join(dir, 'fake.sock'),
    TEKTON_CI_MANIFEST: join(dir, 'manifest.json'),
    TEKTON_CI_APP_ENV_FD: '0',
  };
}

const PRINT_ENV = 'process.stdout.write(JSON.stringify(process.env))';

describe('clean-exec', () => {
  it('starts the program with the allow-list only, and no payload runs', () => {
    const out = execFileSync(cleanExec, [ciNode().execPath, '-e', PRINT_ENV], { env: imageEnv(), encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      TEKTON_CI_NAME: 'myapp-container-ci',
      TEKTON_CI_TOKEN: 't0ken',
    });
    expect(readdirSync(markers)).toEqual([]);
  });

  it('control: the same Node started with the same environment directly runs both payloads', () => {
    execFileSync(ciNode().execPath, ['-e', '0'], { env: imageEnv(), stdio: 'ignore' });
    expect(readdirSync(markers).sort()).toEqual(['ld_preload', 'node_options']);
  });

  it("with --app-env hands the whole environment over in a memfd, which the CI's reader takes", () => {
    const reader = `
      const { takeAppEnv } = require(${JSON.stringify(join(dir, 'app-env.cjs'))});
      const taken = takeAppEnv(process.env);
      process.stdout.write(JSON.stringify({ taken, own: Object.keys(process.env).sort() }));`;
    execFileSync('npx', [
      'esbuild',
      join(ROOT, 'ci-runtime/app-env.ts'),
      '--bundle',
      '--platform=node',
      '--format=cjs',
      `--outfile=${join(dir, 'app-env.cjs')}`,
      '--log-level=error',
    ]);
    const out = execFileSync(cleanExec, ['--app-env', ciNode().execPath, '-e', reader], {
      env: imageEnv(),
      encoding: 'utf8',
    });
    const { taken, own } = JSON.parse(out) as { taken: { source: string; appEnv: object }; own: string[] };
    expect(own).toEqual(['PATH', 'TEKTON_CI_APP_ENV_FD', 'TEKTON_CI_NAME', 'TEKTON_CI_TOKEN']);
    expect(taken.source).toBe('clean-exec');
    expect(taken.appEnv).toEqual(imageEnv());
    expect(readdirSync(markers)).toEqual([]);
  });

  it('refuses a program that is not an absolute path, and names a missing one', () => {
    const run = (args: string[]) => {
      try {
        execFileSync(cleanExec, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
        return 'ran';
      } catch (e) {
        return `${(e as { status: number }).status} ${(e as { stderr: string }).stderr}`;
      }
    };
    expect(run(['node', '-e', '0'])).toMatch(/^2 clean-exec: usage/);
    expect(run(['/nonexistent/node'])).toMatch(/^127 clean-exec: cannot run \/nonexistent\/node: No such file/);
    expect(existsSync(cleanExec)).toBe(true);
  });

  it("reads no descriptor but clean-exec's memfd: otherwise the app's environment is the CI's own", () => {
    const io = { readFd: () => Buffer.from('X=1\0'), closeFd: () => {}, linkOf: () => '/app/planted.env' };
    expect(takeAppEnv({ TEKTON_CI_APP_ENV_FD: '5', A: 'b' }, io)).toEqual({ appEnv: { A: 'b' }, source: 'inherited' });
    const memfd = { ...io, linkOf: () => '/memfd:tekton-app-env (deleted)' };
    expect(takeAppEnv({ TEKTON_CI_APP_ENV_FD: '5' }, memfd)).toEqual({ appEnv: { X: '1' }, source: 'clean-exec' });
  });

  it('info says so when the CI runs as root without clean-exec', () => {
    const base = { uid: 0, gid: 0, capEff: null, nodeVersion: ciNode().nodeVersion };
    expect(describeIsolation({ ...base, envSource: 'clean-exec' }).notes).toEqual([]);
    expect(describeIsolation({ ...base, envSource: 'inherited' }).notes.join(' ')).toMatch(
      /not started by clean-exec .* runs as root with the image's environment/,
    );
  });
});
