// `[path|project]`: a directory, or the name of a TektonCore project (its local_directory).
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { findProject, projectsFile, readProjects } from './tekton-projects';

/** Where a project is and what it is called. */
export interface ResolvedProject {
  root: string;
  name: string;
  /** The TektonCore project id when the project is known to Tekton. */
  projectId: string | null;
  projectsFile: string | null;
}

/** Error for a path or project name that leads nowhere. */
export class ProjectNotFound extends Error {
  override name = 'ProjectNotFound';
}

/** Resolves a path or project name (default: the current directory). */
export function resolveProject(
  target: string | undefined,
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
): ResolvedProject {
  const file = projectsFile(env);
  const projects = readProjects(file);
  const asPath = resolve(cwd, target ?? '.');
  if (existsSync(asPath)) {
    if (!statSync(asPath).isDirectory())
      throw new ProjectNotFound(`${target} is a file, not a project folder: give the folder that holds it`);
    const known = projects.find((p) => p.local_directory && resolve(p.local_directory) === asPath);
    return { root: asPath, name: known?.name ?? basename(asPath), projectId: known?.id ?? null, projectsFile: file };
  }
  const project = target ? findProject(projects, target) : null;
  if (!project) {
    const names = projects
      .map((p) => p.name)
      .slice(0, 10)
      .join(', ');
    throw new ProjectNotFound(
      `No folder or Tekton project named ${target}${names ? ` (Tekton projects: ${names})` : file ? ` (no projects in ${file})` : ' (TEKTON_ROOT is not set, so only folders can be given)'}`,
    );
  }
  if (!project.local_directory || !existsSync(project.local_directory)) {
    throw new ProjectNotFound(
      `Tekton project ${project.name} has no local_directory on this machine${project.local_directory ? ` (${project.local_directory} does not exist)` : ''}: clone it first`,
    );
  }
  return { root: resolve(project.local_directory), name: project.name, projectId: project.id, projectsFile: file };
}
