// The one catalogue of what this CI can do: the fixed intents, every recipe with its phrases and
// parameters, the peer CIs and the services. Chat, `parse`, `help`, the `catalogue` request (the
// REPL's Tab completion) and the model fallback all read it. Pure.
import { INTENT_CATALOGUE, type Catalogue, type RecipeInfo } from '../../protocol';
import type { ParseContext } from './extract-args';
import { LEXICON } from './lexicon';
import { editDistance, words } from './tokens';

/** What the catalogue is made of. */
export interface CatalogueInput {
  services: Array<{ name: string; label: string; kind: string }>;
  peers: string[];
  recipes: Array<Pick<RecipeInfo, 'name' | 'risk' | 'description' | 'phrases' | 'params'>>;
}

/** The catalogue of this container. */
export function buildCatalogue(input: CatalogueInput): Catalogue {
  return {
    intents: INTENT_CATALOGUE.map((e) => ({ name: e.name, risk: e.risk, summary: e.summary, examples: e.examples })),
    recipes: input.recipes.map((r) => ({
      name: r.name,
      risk: r.risk,
      description: r.description,
      phrases: r.phrases,
      params: Object.keys(r.params),
    })),
    peers: input.peers,
    services: input.services.map((s) => ({ name: s.name, label: s.label, kind: s.kind })),
  };
}

/** What the parser may refer to, from the catalogue. */
export function parseContextOf(cat: Catalogue): ParseContext {
  return {
    services: cat.services,
    peers: cat.peers,
    recipes: cat.recipes.map((r) => ({
      name: r.name,
      risk: r.risk,
      phrases: r.phrases,
      params: r.params,
      description: r.description,
    })),
  };
}

/** The help answer: every intent with an example, the recipes, the peers. */
export function helpText(cat: Catalogue): string {
  const ask = cat.intents
    .filter((i) => i.risk === 'inspect')
    .map((i) => i.name)
    .join(', ');
  const act = cat.intents
    .filter((i) => i.risk !== 'inspect')
    .map((i) => i.name)
    .join(', ');
  const recipes = cat.recipes.length ? ` Recipes: ${cat.recipes.map((r) => r.name).join(', ')}.` : '';
  const peers = cat.peers.length ? ` Peers: ${cat.peers.join(', ')}.` : '';
  return `I can tell you: ${ask} (e.g. "last 50 lines of the redis log", "why is it slow?"). After you confirm I can: ${act}.${recipes}${peers}`;
}

/** Every word the catalogue knows (intent cues, recipe names and phrases, services, peers). */
export function catalogueWords(cat: Catalogue): string[] {
  const all = new Set<string>();
  for (const cues of Object.values(LEXICON)) for (const c of cues) for (const w of c.words) all.add(w);
  for (const i of cat.intents) for (const w of words(i.name)) all.add(w);
  for (const r of cat.recipes) for (const w of [...words(r.name), ...r.phrases.flatMap(words)]) all.add(w);
  for (const s of cat.services) for (const w of [...words(s.name), ...words(s.label)]) all.add(w);
  for (const p of cat.peers) all.add(p);
  for (const w of ['restart', 'stop', 'start', 'optimize', 'memory', 'ask', 'run']) all.add(w);
  return [...all].filter((w) => w.length >= 3);
}

/** "did you mean …": catalogue words close to the phrase's unknown words, then phrases they start. */
export function closeMatches(text: string, cat: Catalogue, limit = 3): string[] {
  const known = catalogueWords(cat);
  const knownSet = new Set(known);
  const out: string[] = [];
  for (const w of words(text).slice(0, 40)) {
    if (w.length < 3 || knownSet.has(w)) continue;
    const allowed = w.length >= 7 ? 2 : 1;
    const near = known
      .map((k) => ({ k, d: editDistance(w, k) }))
      .filter((x) => x.d <= allowed)
      .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k));
    for (const n of near) if (!out.includes(n.k)) out.push(n.k);
  }
  const examples = cat.intents.flatMap((i) => i.examples).concat(cat.recipes.flatMap((r) => r.phrases.slice(0, 1)));
  const phrases = out.map((w) => examples.find((e) => words(e).includes(w)) ?? w);
  return [...new Set(phrases)].slice(0, limit);
}
