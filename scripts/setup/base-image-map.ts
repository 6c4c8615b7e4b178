// The base-image map (docs/design-decisions.md, Base images): public image names the generated
// Dockerfiles use → local stand-ins, for names that do not exist locally. Pure, plus one writer.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Public names the generator may use, and the local base that stands in for each. */
export const PUBLIC_TO_LOCAL: Readonly<Record<string, string>> = {
  ...names(
    ['python:3.13', 'python:3.12', 'python:3.11', 'python:3.10', 'python:3.9'],
    ['-slim', '-slim-bookworm', '-bookworm', ''],
    'tekton-local/python:3.11',
  ),
  ...names(
    ['node:22', 'node:20', 'node:18', 'node:lts'],
    ['-slim', '-bookworm-slim', '-bookworm', ''],
    'tekton-local/node:18',
  ),
  ...names(
    ['golang:1.23', 'golang:1.22', 'golang:1.21', 'golang:1.20', 'golang:1.19'],
    ['-bookworm', ''],
    'tekton-local/go:1.19',
  ),
  'debian:bookworm-slim': 'tekton-local/debian-slim:bookworm',
  'debian:12-slim': 'tekton-local/debian-slim:bookworm',
  'debian:bookworm': 'tekton-local/debian:bookworm',
  'debian:12': 'tekton-local/debian:bookworm',
};

function names(bases: string[], suffixes: string[], local: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of bases) for (const s of suffixes) out[b + s] = local;
  return out;
}

/** The map to write: public names missing locally → their local base, when that base exists. */
export function baseImageMap(exists: (image: string) => boolean): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [publicName, local] of Object.entries(PUBLIC_TO_LOCAL)) {
    if (!exists(publicName) && exists(local)) map[publicName] = local;
  }
  return map;
}

/** Entries of the map file at `path` whose local image is a stand-in a build made (and still exists). */
export async function keptStandIns(
  path: string,
  isStandIn: (image: string) => Promise<boolean>,
): Promise<Record<string, string>> {
  let current: Record<string, string> = {};
  try {
    current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(current)) if (typeof v === 'string' && (await isStandIn(v))) out[k] = v;
  return out;
}

/** Writes the map atomically (temp file, then rename), so readers never see half a file. */
export function writeBaseImageMap(path: string, map: Record<string, string>): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(map, Object.keys(map).sort(), 2)}\n`);
  renameSync(tmp, path);
}
