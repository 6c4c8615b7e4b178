// TektonCore projects: `$TEKTON_ROOT/.tekton/projects/projects.json` (TEKTON.md). A project name
// resolves to its `local_directory`; Docker settings go into its `metadata.docker`, written under
// a lock to a temp file renamed over the original, like Tekton's own writers.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write';
import { withFileLock } from '../../files/file-lock';

/** One project of projects.json (fields we use; others are kept as they are). */
export interface TektonProject {
  id: string;
  name: string;
  local_directory?: string | null;
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Where projects.json is, or null without TEKTON_ROOT. */
export function projectsFile(env: Record<string, string | undefined>): string | null {
  return env.TEKTON_ROOT ? join(env.TEKTON_ROOT, '.tekton', 'projects', 'projects.json') : null;
}

/** The projects of projects.json ([] when there is none or it is unreadable). */
export function readProjects(file: string | null): TektonProject[] {
  if (!file || !existsSync(file)) return [];
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { projects?: unknown };
    return Array.isArray(data.projects)
      ? (data.projects as TektonProject[]).filter((p) => p && typeof p.name === 'string')
      : [];
  } catch {
    return [];
  }
}

/** The project named (or with the id) `key`, case-insensitive. */
export function findProject(projects: TektonProject[], key: string): TektonProject | null {
  const k = key.toLowerCase();
  return projects.find((p) => p.id === key) ?? projects.find((p) => p.name.toLowerCase() === k) ?? null;
}

/** Merges `docker` settings into a project's metadata.docker, under the projects.json lock. */
export async function saveDockerMetadata(
  file: string,
  projectId: string,
  docker: Record<string, unknown>,
): Promise<void> {
  await withFileLock(`${file}.lock`, () => {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { projects?: TektonProject[] };
    const project = data.projects?.find((p) => p.id === projectId);
    if (!project) throw new Error(`Project ${projectId} is no longer in ${file}; nothing saved`);
    const metadata = (project.metadata && typeof project.metadata === 'object' ? project.metadata : {}) as Record<
      string,
      unknown
    >;
    const previous = (metadata.docker && typeof metadata.docker === 'object' ? metadata.docker : {}) as Record<
      string,
      unknown
    >;
    project.metadata = { ...metadata, docker: { ...previous, ...docker } };
    writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, 0o644);
  });
}
