// Reading a project's TOML, YAML and JSON with real parsers (smol-toml, yaml). A file that does not
// parse is null, never a guess: the caller says so in the plan.
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { ProjectTree } from './project-tree';

/** A parsed document: a plain object, or null when missing or not parseable. */
export type Doc = Record<string, unknown> | null;

/** The file parsed as TOML. */
export function readToml(tree: ProjectTree, path: string): Doc {
  const text = tree.read(path);
  if (text === null) return null;
  try {
    return asObject(parseToml(text));
  } catch {
    return null;
  }
}

/** The file parsed as YAML (the first document). */
export function readYaml(tree: ProjectTree, path: string): Doc {
  const text = tree.read(path);
  if (text === null) return null;
  try {
    return asObject(parseYaml(text));
  } catch {
    return null;
  }
}

/** The file parsed as JSON, or JSONC (comments and trailing commas, as deno.jsonc and tsconfig allow). */
export function readJson(tree: ProjectTree, path: string): Doc {
  const text = tree.read(path);
  if (text === null) return null;
  try {
    return asObject(JSON.parse(text));
  } catch {
    /* maybe JSONC */
  }
  try {
    return asObject(JSON.parse(stripJsonComments(text)));
  } catch {
    return null;
  }
}

/** The value at a dotted path (`tool.poetry.dependencies`), or undefined. */
export function at(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const key of path.split('.')) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A string at a path, or null. */
export function str(doc: unknown, path: string): string | null {
  const v = at(doc, path);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

/** An object's keys at a path ([] when it is not an object). */
export function keysAt(doc: unknown, path: string): string[] {
  const v = at(doc, path);
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

/** The strings of an array at a path ([] otherwise). */
export function stringsAt(doc: unknown, path: string): string[] {
  const v = at(doc, path);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function asObject(v: unknown): Doc {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

// Removes line and block comments outside strings, and trailing commas.
function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = /"(?:[^"\\]|\\.)*"/y;
      end.lastIndex = i;
      const m = end.exec(text);
      if (m) {
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 1;
      continue;
    }
    out += c;
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
