// Python dependency names and the package manager, from requirements.txt, pyproject.toml (PEP 621,
// Poetry, uv, pdm) and Pipfile. Names only, lowercased, normalised (`_` → `-`).
import type { ProjectTree } from './project-tree';

/** Package manager and dependency names of a Python app. */
export interface PythonDeps {
  manager: 'pip' | 'poetry' | 'uv' | 'pipenv' | 'pdm' | null;
  /** The file that declared the dependencies. */
  source: string | null;
  names: string[];
}

/** Reads the dependencies of a Python app (empty when it declares none). */
export function readPythonDeps(tree: ProjectTree): PythonDeps {
  const has = (f: string) => tree.files.includes(f);
  const pyproject = tree.read('pyproject.toml');
  if (pyproject !== null) {
    const names = [...pep621Deps(pyproject), ...poetryDeps(pyproject)];
    const manager = has('poetry.lock') || /\[tool\.poetry\]/.test(pyproject) ? 'poetry'
      : has('uv.lock') || /\[tool\.uv\]/.test(pyproject) ? 'uv'
      : has('pdm.lock') || /\[tool\.pdm\]/.test(pyproject) ? 'pdm' : 'pip';
    if (names.length || !has('requirements.txt')) return { manager, source: 'pyproject.toml', names: unique(names) };
  }
  const pipfile = tree.read('Pipfile');
  if (pipfile !== null) return { manager: 'pipenv', source: 'Pipfile', names: unique(tomlSectionKeys(pipfile, 'packages')) };
  const req = tree.read('requirements.txt');
  if (req !== null) return { manager: 'pip', source: 'requirements.txt', names: unique(requirementNames(req)) };
  return { manager: null, source: null, names: [] };
}

/** Names from requirements.txt lines (`redis>=4`, `uvicorn[standard]`, comments, options skipped). */
export function requirementNames(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m) out.push(normalise(m[1]!));
  }
  return out;
}

function pep621Deps(text: string): string[] {
  const m = /^\s*dependencies\s*=\s*\[([\s\S]*?)\]/m.exec(text);
  if (!m) return [];
  return [...m[1]!.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)/g)].map((x) => normalise(x[1]!));
}

function poetryDeps(text: string): string[] {
  return tomlSectionKeys(text, 'tool.poetry.dependencies').filter((n) => n !== 'python');
}

function tomlSectionKeys(text: string, section: string): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) { inside = header[1]!.trim() === section; continue; }
    if (!inside) continue;
    const key = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(line);
    if (key) out.push(normalise(key[1]!));
  }
  return out;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/_/g, '-');
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
