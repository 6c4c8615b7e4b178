// The recipes a CI knows: built-ins, the project's own and the user's, read as text from their
// directories and described inside a worker (recipe code never runs in the CI process).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RecipeInfo } from '../../protocol';
import { validateRecipeMeta } from './recipe-meta';
import type { DescribeResult } from './worker-messages';

/** One recipe file as text. */
export interface RecipeSource {
  origin: RecipeInfo['source'];
  path: string;
  text: string;
}

/** A described, validated recipe, ready to run. */
export interface CatalogEntry {
  info: RecipeInfo;
  timeoutS: number | null;
  text: string;
}

/** Largest recipe file accepted, in bytes. */
export const MAX_RECIPE_BYTES = 256 * 1024;

/** Reads every `*.js` file of a directory (missing directory: none). */
export function readRecipeDir(
  dir: string,
  origin: RecipeInfo['source'],
): { sources: RecipeSource[]; problems: string[] } {
  const sources: RecipeSource[] = [];
  const problems: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.js'))
      .sort();
  } catch {
    return { sources, problems };
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
      if (statSync(path).size > MAX_RECIPE_BYTES) {
        problems.push(`${path}: larger than ${MAX_RECIPE_BYTES} bytes; skipped`);
        continue;
      }
      sources.push({ origin, path, text: readFileSync(path, 'utf8') });
    } catch (err) {
      problems.push(`${path}: ${(err as Error).message}`);
    }
  }
  return { sources, problems };
}

/** Turns describe results into catalog entries; the first recipe of a name wins, later ones are reported. */
export function buildCatalog(
  sources: RecipeSource[],
  described: DescribeResult[],
): { entries: Map<string, CatalogEntry>; problems: string[] } {
  const entries = new Map<string, CatalogEntry>();
  const problems: string[] = [];
  sources.forEach((source, index) => {
    const result = described.find((d) => d.id === String(index));
    if (!result || !result.ok) {
      problems.push(`${source.path}: could not be loaded in the sandbox: ${result?.error ?? 'no answer'}`);
      return;
    }
    const checked = validateRecipeMeta(result.meta);
    if (!checked.ok) {
      problems.push(`${source.path}: ${checked.problems.join('; ')}`);
      return;
    }
    const existing = entries.get(checked.meta.info.name);
    if (existing) {
      problems.push(
        `${source.path}: a ${existing.info.source} recipe named '${checked.meta.info.name}' already exists; skipped`,
      );
      return;
    }
    entries.set(checked.meta.info.name, {
      info: { ...checked.meta.info, source: source.origin },
      timeoutS: checked.meta.timeoutS,
      text: source.text,
    });
  });
  return { entries, problems };
}
