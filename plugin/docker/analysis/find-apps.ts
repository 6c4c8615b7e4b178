// Monorepos: which directories are deployable apps. The root is one app unless it declares
// workspaces or has no project file of its own; then every directory (up to three levels down)
// holding a project file is a candidate app.
import { readPackageJson, isToolingOnly } from './detect-node';
import { subTree, type ProjectTree } from './project-tree';

const MARKERS =
  /^(package\.json|requirements\.txt|pyproject\.toml|Pipfile|go\.mod|Cargo\.toml|Gemfile|pom\.xml|build\.gradle(\.kts)?|composer\.json|mix\.exs|deno\.jsonc?|CMakeLists\.txt|meson\.build|[^/]+\.(cs|fs|vb)proj|manage\.py|Procfile)$/;

/** Directories that look like apps ('' is the root), shallowest first. */
export function findAppDirs(tree: ProjectTree): string[] {
  const rootPkg = readPackageJson(tree);
  const workspaces =
    Boolean(rootPkg?.workspaces) ||
    tree.files.includes('pnpm-workspace.yaml') ||
    tree.files.includes('go.work') ||
    tree.files.includes('lerna.json') ||
    tree.files.includes('nx.json') ||
    tree.files.includes('turbo.json');
  const rootMarkers = tree.files.filter(
    (f) => !f.includes('/') && MARKERS.test(f) && !(f === 'package.json' && isToolingOnly(rootPkg, tree)),
  );
  if (rootMarkers.length && !workspaces) return [''];
  const dirs = new Set<string>();
  for (const f of tree.files) {
    const parts = f.split('/');
    if (parts.length < 2 || parts.length > 4) continue;
    if (!MARKERS.test(parts[parts.length - 1]!)) continue;
    const dir = parts.slice(0, -1).join('/');
    if (/(^|\/)(tests?|examples?|docs?|fixtures?|scripts|tools)(\/|$)/.test(dir)) continue;
    dirs.add(dir);
  }
  // A directory inside another app dir belongs to that app (e.g. api/src/package.json).
  const sorted = [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const apps: string[] = [];
  for (const d of sorted) if (!apps.some((a) => d.startsWith(`${a}/`))) apps.push(d);
  if (!apps.length && tree.files.length) return [''];
  return apps.filter((d) => d === '' || subTree(tree, d).files.length > 0);
}
