// Tab completion for the REPL: first words (families, built-ins, help, CI names from the plugin),
// subcommands, options, and positional arguments (the subcommand's own `complete`, else paths).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { INTENT_CATALOGUE, type Catalogue } from '../../protocol';
import type { AishPlugin } from '../plugin-api';
import { lastPartial } from './split-line';

/** First words the shell itself understands, besides the plugin's. */
export const BUILTIN_WORDS = ['help', 'history', 'sleep', 'exit', 'quit'];

/** Candidates for the word being typed at the end of `line`, and that word. */
export async function completeLine(plugin: AishPlugin, line: string, cwd = process.cwd()): Promise<[string[], string]> {
  const { before, partial } = lastPartial(line);
  return [filter(await candidates(plugin, before, partial, cwd), partial), partial];
}

async function candidates(plugin: AishPlugin, before: string[], partial: string, cwd: string): Promise<string[]> {
  const [first, second] = before;
  if (first === undefined) {
    const extra = (await plugin.completeFirstWord?.().catch(() => [])) ?? [];
    return [...plugin.families.map((f) => f.name), ...BUILTIN_WORDS, ...extra];
  }
  if (first === 'help' && before.length === 1) return plugin.families.map((f) => f.name);
  const family = plugin.families.find((f) => f.name === first);
  if (!family) {
    if (partial.startsWith('-')) return ['--json', '--help', '--yes', '--confirm', '--timeout'];
    // `<ci> <message>`: the words of that CI's catalogue (its recipes and peers too when it answers
    // in time), else the fixed intent catalogue.
    const cis = (await plugin.completeFirstWord?.().catch(() => [])) ?? [];
    if (!cis.includes(first)) return completePath(partial, cwd);
    return catalogueCompletions((await liveCatalogue(plugin, first)) ?? undefined);
  }
  if (second === undefined) return [...family.subcommands.map((s) => s.name), '--help'];
  const sub = family.subcommands.find((s) => s.name === second || s.aliases?.includes(second));
  if (!sub) return [];
  if (partial.startsWith('-')) return [...Object.keys(sub.options ?? {}).map((o) => `--${o}`), '--json', '--help'];
  const previous = before.slice(2).filter((w) => !w.startsWith('-'));
  const own = sub.complete
    ? await Promise.resolve(sub.complete(previous.length, partial, previous)).catch(() => [])
    : [];
  return own.length ? own : completePath(partial, cwd);
}

/** Longest a Tab waits for a CI's catalogue, whatever the plugin's own timeout. */
export const LIVE_CATALOGUE_WAIT_MS = 1000;

async function liveCatalogue(plugin: AishPlugin, ciName: string): Promise<Catalogue | null> {
  if (!plugin.ciCatalogue) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), LIVE_CATALOGUE_WAIT_MS);
  });
  try {
    return await Promise.race([plugin.ciCatalogue(ciName).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Entries of the directory a partial path points into; directories end with '/'. */
export async function completePath(partial: string, cwd: string): Promise<string[]> {
  const dirPart = partial.slice(0, partial.lastIndexOf('/') + 1);
  const dir = dirPart.startsWith('/') ? dirPart : join(cwd, dirPart || '.');
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => !e.name.startsWith('.') || partial.slice(dirPart.length).startsWith('.'))
      .map((e) => dirPart + e.name + (e.isDirectory() ? '/' : ''));
  } catch {
    return [];
  }
}

function filter(words: string[], partial: string): string[] {
  return [...new Set(words)].filter((w) => w.startsWith(partial)).sort();
}

/** Words to offer after a CI's name: intent names, the words of their examples, and (given a CI's catalogue) its recipes, peers and services. */
export function catalogueCompletions(catalogue?: Catalogue): string[] {
  const out = new Set<string>();
  for (const i of catalogue?.intents ?? INTENT_CATALOGUE) {
    if (i.name.length > 2) out.add(i.name);
    for (const e of i.examples)
      for (const w of e
        .toLowerCase()
        .replace(/[^a-z0-9\s-]/g, ' ')
        .split(/\s+/))
        if (w.length > 3) out.add(w);
  }
  for (const r of catalogue?.recipes ?? []) out.add(r.name);
  for (const p of catalogue?.peers ?? []) out.add(p);
  for (const s of catalogue?.services ?? []) out.add(s.name);
  return [...out];
}
