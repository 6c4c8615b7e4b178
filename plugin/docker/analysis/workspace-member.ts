// A workspace member is built from the workspace root: its package manager, lockfile and runtime
// version are the root's, and its commands run in its own folder.
import { packageManagerRelease } from './package-manager-release';
import { readPackageJson } from './detect-node';
import { versionFile } from './decide';
import { subTree, type ProjectTree } from './project-tree';
import type { AppAnalysis } from './types';
import type { Workspace } from './workspaces';

const LOCKFILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'npm-shrinkwrap.json'];

/** Makes `app` (analysed in its own folder) a member built from the root of `workspace`. */
export function joinWorkspace(app: AppAnalysis, workspace: Workspace, root: ProjectTree): void {
  app.context = '';
  app.details.workspaceDir = app.dir;
  app.reasons.push({
    what: 'build context',
    value: '. (workspace root)',
    source: `${workspace.source} lists ${app.dir}`,
  });
  if (workspace.kind === 'go') {
    app.details.goWork = 'yes';
    return;
  }
  if (app.language !== 'node') return;
  const files = new Set(root.files);
  const pkg = readPackageJson(root);
  const lockfiles = LOCKFILES.filter((l) => files.has(l));
  const declared = pkg?.packageManager?.split('@')[0];
  const own = app.packageManager;
  app.packageManager =
    files.has('bun.lockb') || files.has('bun.lock')
      ? 'bun'
      : files.has('pnpm-lock.yaml')
        ? 'pnpm'
        : files.has('yarn.lock')
          ? 'yarn'
          : (declared ?? 'npm');
  app.details.lockfile = lockfiles.join(' ');
  // Commands were chosen in the member's folder, which has no lockfile: run them with the root's manager.
  const swap = (cmd: string) =>
    own && own !== app.packageManager && cmd.startsWith(`${own} `)
      ? `${app.packageManager}${cmd.slice(own.length)}`
      : cmd;
  app.build = app.build.map(swap);
  if (app.start[0] === own && own !== app.packageManager) app.start = [app.packageManager!, ...app.start.slice(1)];
  for (const r of app.reasons) if (r.what === 'build' || r.what === 'start') r.value = swap(r.value);
  app.details.hasDeps = 'yes';
  // The root's package manager release (packageManager, engines, lockfile) is the member's.
  const release = app.details.yarnBerry ? null : packageManagerRelease(app.packageManager!, pkg ?? {}, root);
  if (release) {
    app.details.pmRelease = release.value;
    app.reasons.push({ what: app.packageManager!, value: release.value, source: `${release.source} (workspace root)` });
  } else delete app.details.pmRelease;
  app.details.members = workspace.members.join(' ');
  if (files.has('pnpm-workspace.yaml')) app.details.pnpmWorkspace = 'yes';
  if (files.has('turbo.json')) app.details.turbo = 'yes';
  if (!app.runtimeVersion) {
    const v = versionFile(root, '.nvmrc') ?? versionFile(root, '.node-version');
    const engines = /(\d+)/.exec(pkg?.engines?.node ?? '')?.[1];
    if (v && /^\d/.test(v.value)) app.runtimeVersion = v.value;
    else if (engines) app.runtimeVersion = engines;
    if (app.runtimeVersion)
      app.reasons.push({
        what: 'node version',
        value: app.runtimeVersion,
        source: v ? `${v.source} (workspace root)` : 'package.json engines.node (workspace root)',
      });
  }
  // npm, yarn and bun hoist packages to the root: a framework's binary is in the root's node_modules.
  if (app.packageManager !== 'pnpm' && app.start[0]?.startsWith('node_modules/.bin/')) {
    app.start = [`${'../'.repeat(app.dir.split('/').length)}${app.start[0]}`, ...app.start.slice(1)];
  }
  app.details.workdir = `/app/${app.dir}`;
}

/** The member that depends on `app` when `app` is a Node library of the workspace (no start script, no framework). */
export function libraryOf(app: AppAnalysis, workspace: Workspace, root: ProjectTree): string | null {
  if (workspace.kind !== 'node' || app.language !== 'node' || app.framework) return null;
  const own = readPackageJson(subTree(root, app.dir));
  if (!own?.name || own.scripts?.start || root.files.includes(`${app.dir}/Procfile`)) return null;
  for (const m of workspace.members) {
    if (m === app.dir) continue;
    const pkg = readPackageJson(subTree(root, m));
    if (
      pkg &&
      [pkg.dependencies, pkg.devDependencies].some((d) => d && Object.prototype.hasOwnProperty.call(d, own.name!))
    )
      return m;
  }
  return null;
}
