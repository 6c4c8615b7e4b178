// What the docker subcommands share: errors turned into CommandError, path/project completion,
// and the common option specs.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CommandError, type OptionSpec } from '../../plugin-api';
import { projectsFile, readProjects } from '../project/tekton-projects';

/** Runs `fn`; known failures become CommandError (printed as `Error: ...`, exit 1). */
export async function asCommand<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as Error;
    if (
      [
        'AnalysisError',
        'ProjectNotFound',
        'BuildError',
        'CiAssetsMissing',
        'DockerfileRefused',
        'ContextError',
        'BaseImageUnavailable',
      ].includes(e.name)
    ) {
      const tail = (e as { tail?: string[] }).tail;
      throw new CommandError(
        tail?.length && !e.message.includes('\nlast lines:')
          ? `${e.message}\n  last output:\n    ${tail.slice(-8).join('\n    ')}`
          : e.message,
        { cause: err },
      );
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || (code === 'ENOENT' && /docker\.sock/.test(e.message))) {
      throw new CommandError(`No Docker engine answers (${e.message}): start Docker or set DOCKER_HOST`, {
        cause: err,
      });
    }
    throw err;
  }
}

/** Completion for `[path|project]`: directories under what was typed, plus Tekton project names. */
export function completePathOrProject(
  partial: string,
  env: Record<string, string | undefined> = process.env,
): string[] {
  const out: string[] = [];
  const base = partial.endsWith('/') ? partial : dirname(partial);
  const prefix = partial.endsWith('/') ? '' : partial.slice(partial.lastIndexOf('/') + 1);
  try {
    for (const name of readdirSync(base || '.')) {
      if (!name.startsWith(prefix) || (name.startsWith('.') && !prefix.startsWith('.'))) continue;
      const path = base === '.' && !partial.startsWith('./') ? name : join(base, name);
      try {
        if (statSync(path).isDirectory()) out.push(`${path}/`);
      } catch {
        /* vanished */
      }
    }
  } catch {
    /* not a readable directory */
  }
  for (const p of readProjects(projectsFile(env))) if (p.name.startsWith(partial)) out.push(p.name);
  return out.sort();
}

/** --split: datastores in containers of their own. */
export const SPLIT_OPTION: OptionSpec = { split: { type: 'boolean', default: false } };
