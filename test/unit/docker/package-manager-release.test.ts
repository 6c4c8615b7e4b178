// Which pnpm / Yarn 1 release a Node app is built with, and how the Dockerfile pins it and keeps it
// in the final image (pure planning from in-memory files).
import { describe, expect, it } from 'vitest';
import { packageManagerRelease, pnpmLockfileMajor } from '../../../plugin/docker/analysis/package-manager-release';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { planProjectFrom } from '../../../plugin/docker/plan-project';

const server = 'require("http").createServer((q, s) => s.end("hi")).listen(3000);\n';
const plan = (files: Record<string, string>) => planProjectFrom(memoryTree(files), { name: 'pm' }).apps[0]!;
const pkg = (extra: Record<string, unknown>) =>
  JSON.stringify({ name: 'a', scripts: { start: 'node server.js' }, dependencies: { ms: '^2.1.3' }, ...extra });

describe('the pnpm or Yarn 1 release', () => {
  it("maps pnpm's lockfileVersion to the major that writes it", () => {
    expect(pnpmLockfileMajor("lockfileVersion: '9.0'\n")).toBe('9');
    expect(pnpmLockfileMajor("lockfileVersion: '6.0'\n")).toBe('8');
    expect(pnpmLockfileMajor('lockfileVersion: 5.4\n')).toBe('7');
    expect(pnpmLockfileMajor('lockfileVersion: 5.3\n')).toBe('6');
    expect(pnpmLockfileMajor('packages: {}\n')).toBeNull();
  });

  it('takes packageManager first (without its sha), then engines, then the lockfile, then a default', () => {
    const lock9 = memoryTree({ 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    const none = memoryTree({});
    expect(packageManagerRelease('pnpm', { packageManager: 'pnpm@9.0.3+sha512.abc' }, lock9)?.value).toBe('pnpm@9.0.3');
    expect(packageManagerRelease('pnpm', { engines: { pnpm: '^8.6.0' } }, lock9)?.value).toBe('pnpm@8');
    // An open range below what wrote the lockfile: the lockfile's major.
    expect(packageManagerRelease('pnpm', { engines: { pnpm: '>=7' } }, lock9)?.value).toBe('pnpm@9');
    expect(packageManagerRelease('pnpm', {}, lock9)?.source).toMatch(/lockfileVersion/);
    expect(packageManagerRelease('pnpm', {}, none)?.value).toBe('pnpm@10');
    expect(packageManagerRelease('yarn', {}, none)?.value).toBe('yarn@1');
    expect(packageManagerRelease('yarn', { packageManager: 'yarn@1.22.22' }, none)?.value).toBe('yarn@1.22.22');
    expect(packageManagerRelease('npm', {}, none)).toBeNull();
    expect(packageManagerRelease('bun', {}, none)).toBeNull();
  });

  it('pins it with corepack in every install and copies it to the final image', () => {
    const app = plan({
      'package.json': pkg({
        scripts: { build: 'tsc', start: 'node dist/server.js' },
        devDependencies: { typescript: '5' },
      }),
      'pnpm-lock.yaml': "lockfileVersion: '6.0'\n",
      'tsconfig.json': '{}',
      'server.ts': server,
    });
    expect(app.app.reasons).toContainEqual(expect.objectContaining({ what: 'pnpm', value: 'pnpm@8' }));
    const text = app.buildDockerfile;
    const installs = text.match(/corepack prepare pnpm@8 --activate && CI=true pnpm install --frozen-lockfile/g) ?? [];
    expect(installs).toHaveLength(2); // the install, then the production prune
    const [build, final] = text.split(/^FROM \$\{NODE_IMAGE\}$/m);
    expect(build).toMatch(/^ENV COREPACK_HOME=\/usr\/local\/share\/corepack /m);
    expect(final).toMatch(
      /^COPY --from=build \/usr\/local\/share\/corepack \/usr\/local\/share\/corepack\nRUN corepack enable pnpm$/m,
    );
    expect(final).toMatch(/^ENV COREPACK_HOME=\/usr\/local\/share\/corepack COREPACK_ENABLE_AUTO_PIN=0/m);
  });

  it('runs pnpm 6 on Node 18 unless the project asks for a Node version', () => {
    const files = { 'package.json': pkg({}), 'pnpm-lock.yaml': 'lockfileVersion: 5.3\n', 'server.js': server };
    expect(plan(files).app.runtimeVersion).toBe('18');
    const asked = plan({ ...files, '.nvmrc': '20\n' }).app;
    expect(asked.runtimeVersion).toBe('20');
    expect(plan({ ...files, 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }).app.runtimeVersion).toBeNull();
  });

  it('prepares Yarn 1 in the final image even without dependencies to install, so `yarn start` runs', () => {
    const app = plan({
      'package.json': JSON.stringify({ name: 'a', scripts: { start: 'echo v$(node --version) && node index.js' } }),
      'yarn.lock': '',
      'index.js': 'console.log(1)\n',
    });
    expect(app.app.start).toEqual(['yarn', 'start']);
    expect(app.buildDockerfile).toMatch(/corepack enable && corepack prepare yarn@1 --activate\n/);
  });

  it('leaves npm and Yarn Berry alone', () => {
    const npm = plan({ 'package.json': pkg({}), 'package-lock.json': '{}', 'server.js': server }).buildDockerfile;
    expect(npm).not.toMatch(/corepack/);
    const berry = plan({
      'package.json': pkg({ packageManager: 'yarn@3.2.4' }),
      'yarn.lock': '__metadata:\n  version: 6\n',
      '.yarnrc.yml': 'nodeLinker: node-modules\n',
      'server.js': server,
    }).buildDockerfile;
    expect(berry).not.toMatch(/corepack prepare/);
    expect(berry).toMatch(/yarn install --immutable/);
  });

  it('drops Berry dev dependencies with workspaces focus only where it exists, and says so otherwise', () => {
    const files = (rc: string, pm: string) => ({
      'package.json': pkg({
        packageManager: pm,
        scripts: { build: 'tsc', start: 'node dist/server.js' },
        devDependencies: { typescript: '5' },
      }),
      'yarn.lock': '__metadata:\n  version: 6\n',
      '.yarnrc.yml': rc,
      'tsconfig.json': '{}',
      'server.ts': server,
    });
    const plugin = plan(files('plugins:\n  - path: .yarn/plugins/@yarnpkg/plugin-workspace-tools.cjs\n', 'yarn@3.2.4'));
    expect(plugin.buildDockerfile).toMatch(/yarn workspaces focus --all --production/);
    expect(plan(files('', 'yarn@4.5.0')).buildDockerfile).toMatch(/yarn workspaces focus --all --production/);
    const kept = plan(files('nodeLinker: node-modules\n', 'yarn@3.2.4'));
    expect(kept.buildDockerfile).not.toMatch(/workspaces focus/);
    expect(kept.app.reasons).toContainEqual(
      expect.objectContaining({ what: 'production dependencies', value: 'dev dependencies kept in the image' }),
    );
  });
});
