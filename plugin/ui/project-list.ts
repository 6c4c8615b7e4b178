// The Projects view's cards: TektonCore's projects.json, plus folders added in the page (kept in
// <state>/ui/folders.json so they survive a restart). Each card has a stable id.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write';
import { ensurePrivateDir } from '../files/private-dir';
import { projectsFile, readProjects } from '../docker/project/tekton-projects';
import { HttpError } from './http-util';

/** One card. */
export interface ProjectCard {
  id: string;
  name: string;
  dir: string | null;
  source: 'tekton' | 'folder';
  /** metadata.docker from projects.json (what earlier saves and builds recorded). */
  docker: Record<string, unknown> | null;
}

function foldersFile(stateDir: string): string {
  return join(stateDir, 'ui', 'folders.json');
}

function readFolders(stateDir: string): string[] {
  try {
    const v = JSON.parse(readFileSync(foldersFile(stateDir), 'utf8')) as { folders?: unknown };
    return Array.isArray(v.folders) ? v.folders.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** Id of a folder card: a hash of its path (a path is not safe in a URL segment). */
export function folderId(dir: string): string {
  return `folder-${createHash('sha256').update(dir).digest('hex').slice(0, 12)}`;
}

/** Every card, Tekton's projects first. */
export function listProjects(env: Record<string, string | undefined>, stateDir: string): ProjectCard[] {
  const cards: ProjectCard[] = readProjects(projectsFile(env)).map((p) => ({
    id: String(p.id),
    name: p.name,
    dir: p.local_directory ?? null,
    source: 'tekton',
    docker: (p.metadata?.docker && typeof p.metadata.docker === 'object' ? p.metadata.docker : null) as Record<
      string,
      unknown
    > | null,
  }));
  const known = new Set(cards.map((c) => c.dir));
  for (const dir of readFolders(stateDir))
    if (!known.has(dir)) cards.push({ id: folderId(dir), name: basename(dir), dir, source: 'folder', docker: null });
  return cards;
}

/** The card with `id`, or a 404 naming what exists. */
export function findCard(
  env: Record<string, string | undefined>,
  stateDir: string,
  id: string,
): ProjectCard & { dir: string } {
  const cards = listProjects(env, stateDir);
  const card = cards.find((c) => c.id === id);
  if (!card) throw new HttpError(404, `No project '${id}'; known: ${cards.map((c) => c.name).join(', ') || '(none)'}`);
  if (!card.dir)
    throw new HttpError(409, `Project ${card.name} has no local_directory in projects.json; set one in TektonCore`);
  return card as ProjectCard & { dir: string };
}

/** Adds a folder card; the path must be an absolute, existing directory. */
export function addFolder(stateDir: string, path: string): ProjectCard {
  if (!path || !isAbsolute(path))
    throw new HttpError(400, `'${path}' is not an absolute path; give the folder's full path`);
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new HttpError(404, `${dir} is not a directory on this machine`);
  const folders = readFolders(stateDir);
  if (!folders.includes(dir)) {
    ensurePrivateDir(dirname(foldersFile(stateDir)));
    writeFileAtomic(foldersFile(stateDir), `${JSON.stringify({ folders: [...folders, dir] }, null, 2)}\n`, 0o600);
  }
  return { id: folderId(dir), name: basename(dir), dir, source: 'folder', docker: null };
}
