// Workspaces: npm/yarn/bun `workspaces`, pnpm-workspace.yaml and go.work. A member app is built
// from the workspace root (its lockfile and sibling packages live there), one image per app: the
// build context is the root, the app's folder is where it runs.
import { readYaml, stringsAt, at } from './config-files';
import { readPackageJson } from './detect-node';
import { dirOf, type ProjectTree } from './project-tree';

/** A workspace found at the project root. */
export interface Workspace {
  kind: 'node' | 'go';
  /** Where it was declared (`package.json workspaces`, `pnpm-workspace.yaml`, `go.work`). */
  source: string;
  /** Member folders, relative to the root. */
  members: string[];
}

/** The workspace declared at the root of the tree, or null. */
export function findWorkspace(tree: ProjectTree): Workspace | null {
  const pkg = readPackageJson(tree);
  const declared = Array.isArray(pkg?.workspaces)
    ? (pkg.workspaces as unknown[])
    : (at(pkg, 'workspaces.packages') as unknown[] | undefined);
  const pnpm = tree.files.includes('pnpm-workspace.yaml')
    ? stringsAt(readYaml(tree, 'pnpm-workspace.yaml'), 'packages')
    : [];
  const globs = [
    ...(Array.isArray(declared) ? declared.filter((g): g is string => typeof g === 'string') : []),
    ...pnpm,
  ];
  if (globs.length) {
    const manifests = tree.files.filter((f) => f.endsWith('/package.json')).map(dirOf);
    const included = manifests.filter(
      (d) =>
        globs.some((g) => !g.startsWith('!') && globMatch(g, d)) &&
        !globs.some((g) => g.startsWith('!') && globMatch(g.slice(1), d)),
    );
    return {
      kind: 'node',
      source: pnpm.length ? 'pnpm-workspace.yaml' : 'package.json workspaces',
      members: included.sort(),
    };
  }
  const work = tree.read('go.work');
  if (work !== null) {
    const block = /^use\s*\(([\s\S]*?)\)/m.exec(work)?.[1] ?? '';
    const uses = [...block.split(/\r?\n/), ...[...work.matchAll(/^use\s+(\S+)\s*$/gm)].map((m) => m[1]!)]
      .map((l) => l.replace(/\/\/.*/, '').trim())
      .filter(Boolean)
      .map((d) => d.replace(/^\.\/?/, '').replace(/\/$/, ''));
    return { kind: 'go', source: 'go.work', members: [...new Set(uses)].sort() };
  }
  return null;
}

/** `apps/*` matches one level, `apps/**` any depth (as npm, yarn and pnpm read them). */
function globMatch(glob: string, dir: string): boolean {
  const clean = glob.replace(/^\.\//, '').replace(/\/$/, '');
  const re = clean
    .split('/')
    .map((part) =>
      part === '**'
        ? '(?:.+)'
        : part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
    )
    .join('/');
  return new RegExp(`^${re}$`).test(dir);
}
