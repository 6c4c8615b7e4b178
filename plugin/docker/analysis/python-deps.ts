// Python dependency names and the package manager, from pyproject.toml (PEP 621, Poetry, uv, pdm,
// hatch), Pipfile and requirements.txt, read with a TOML parser. Names only, lowercased,
// normalised (`_` → `-`). Only the project's own tables count: `[tool.hatch.envs.*]` dependencies
// are a tool's environments, not what the app needs at run time.
import { at, keysAt, readToml, str, stringsAt, type Doc } from './config-files';
import type { ProjectTree } from './project-tree';

/** Package manager and dependency names of a Python app. */
export interface PythonDeps {
  manager: 'pip' | 'poetry' | 'uv' | 'pipenv' | 'pdm' | 'hatch' | null;
  /** The file that declared the dependencies. */
  source: string | null;
  names: string[];
  /** `[project.scripts]` / `[tool.poetry.scripts]`: console scripts the package installs. */
  scripts: Record<string, string>;
  /** The project's name (installed as a package when it has scripts). */
  project: string | null;
  /** True when pyproject.toml exists but does not parse. */
  invalid: boolean;
}

/** Reads the dependencies of a Python app (empty when it declares none). */
export function readPythonDeps(tree: ProjectTree): PythonDeps {
  const has = (f: string) => tree.files.includes(f);
  const none: PythonDeps = { manager: null, source: null, names: [], scripts: {}, project: null, invalid: false };
  const pyproject = has('pyproject.toml') ? readToml(tree, 'pyproject.toml') : null;
  const invalid = has('pyproject.toml') && pyproject === null;
  if (pyproject) {
    const names = [
      ...stringsAt(pyproject, 'project.dependencies').map(requirementName),
      ...keysAt(pyproject, 'tool.poetry.dependencies'),
    ]
      .filter((n): n is string => Boolean(n))
      .map(normalise)
      .filter((n) => n !== 'python');
    const manager =
      has('poetry.lock') || at(pyproject, 'tool.poetry') !== undefined
        ? 'poetry'
        : has('uv.lock') || at(pyproject, 'tool.uv') !== undefined
          ? 'uv'
          : has('pdm.lock') || at(pyproject, 'tool.pdm') !== undefined
            ? 'pdm'
            : /hatchling/.test(str(pyproject, 'build-system.build-backend') ?? '') && !has('requirements.txt')
              ? 'hatch'
              : 'pip';
    const scripts = stringMap(at(pyproject, 'project.scripts') ?? at(pyproject, 'tool.poetry.scripts'));
    const project = str(pyproject, 'project.name') ?? str(pyproject, 'tool.poetry.name');
    if (names.length || !has('requirements.txt')) {
      return { manager, source: 'pyproject.toml', names: unique(names), scripts, project, invalid };
    }
  }
  const pipfile: Doc = has('Pipfile') ? readToml(tree, 'Pipfile') : null;
  if (pipfile)
    return {
      ...none,
      manager: 'pipenv',
      source: 'Pipfile',
      names: unique(keysAt(pipfile, 'packages').map(normalise)),
      invalid,
    };
  const req = tree.read('requirements.txt');
  if (req !== null)
    return { ...none, manager: 'pip', source: 'requirements.txt', names: unique(requirementNames(req)), invalid };
  return { ...none, invalid };
}

/** Names from requirements.txt lines (`redis>=4`, `uvicorn[standard]`, comments, options skipped). */
export function requirementNames(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const name = requirementName(line);
    if (name) out.push(normalise(name));
  }
  return out;
}

/** The distribution name of a PEP 508 requirement (`uvicorn[standard]>=0.30; python_version>"3.8"`). */
function requirementName(spec: string): string | null {
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1] ?? null;
}

function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
