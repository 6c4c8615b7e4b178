// Small helpers detectors share: pick the first available choice and record why.
import { exposedPorts } from './dockerfile-hints';
import { parseProcfile } from './procfile';
import type { ProjectTree } from './project-tree';
import type { LanguageFindings } from './types';

/** A possible value and where it came from. */
export interface Choice<T> {
  value: T;
  source: string;
}

/** First non-null choice, recorded as a reason under `what`; null when none. */
export function decide<T>(
  findings: LanguageFindings,
  what: string,
  choices: Array<Choice<T> | null>,
  show: (v: T) => string = String,
): T | null {
  for (const c of choices) {
    if (c) {
      findings.reasons.push({ what, value: show(c.value), source: c.source });
      return c.value;
    }
  }
  return null;
}

/** The Procfile's `web:` (or single) process, when there is a Procfile. */
export function procfileWeb(tree: ProjectTree): { name: string; command: string } | null {
  const text = tree.read('Procfile');
  if (text === null) return null;
  const procs = parseProcfile(text);
  return procs.find((p) => p.name === 'web') ?? (procs.length === 1 ? procs[0]! : null);
}

/** The Procfile's processes other than the main one. */
export function procfileOthers(tree: ProjectTree, main: string | undefined): Array<{ name: string; command: string }> {
  const text = tree.read('Procfile');
  if (text === null) return [];
  return parseProcfile(text).filter((p) => p.name !== main && p.name !== 'release');
}

/** The first port of an existing Dockerfile's EXPOSE. */
export function exposeChoice(tree: ProjectTree): Choice<number> | null {
  const text = tree.read('Dockerfile');
  const port = text === null ? undefined : exposedPorts(text)[0];
  return port === undefined ? null : { value: port, source: 'Dockerfile EXPOSE' };
}

/** A version file's first line (`.nvmrc`, `.python-version`...). */
export function versionFile(tree: ProjectTree, file: string): Choice<string> | null {
  const text = tree.read(file);
  const v = text?.split(/\r?\n/)[0]?.trim().replace(/^v/, '');
  return v ? { value: v, source: file } : null;
}

/** A tool's version in asdf/mise's `.tool-versions` (`nodejs 20.11.0`, `python 3.12.1`). */
export function toolVersions(tree: ProjectTree, tool: string): Choice<string> | null {
  const m = new RegExp(`^${tool}\\s+v?(\\d[\\w.]*)`, 'm').exec(tree.read('.tool-versions') ?? '');
  return m ? { value: m[1]!, source: `.tool-versions ${tool}` } : null;
}
