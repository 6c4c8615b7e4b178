// What the parser recognised in a message it did not understand: the services, peers and recipes
// it names and the intents whose words it holds. The chat's "not understood" answer says what the
// CI can do for exactly those (ci-runtime/chat/not-understood.ts). Pure.
import { INTENT_NAMES, type IntentName } from '../../protocol';
import { VERB_WORDS, CONTROL_VERBS } from './actions';
import { findService, type ParseContext } from './extract-args';
import { matchCues } from './parse-inspect';
import { read } from './reading';
import { knownWords } from './tokens';

/** The catalogue's words found in a message. */
export interface Recognised {
  services: string[];
  peers: string[];
  recipes: string[];
  intents: IntentName[];
}

/** What a message names of the catalogue, each once, in the order met. */
export function recognised(text: string, ctx: ParseContext): Recognised {
  const r = read(text, ctx);
  const services = new Set<string>();
  const peers = new Set<string>();
  const recipes = new Set<string>();
  const intents = new Set<IntentName>();
  r.tokens.forEach((t, i) => {
    const s = findService([t], ctx);
    if (s) services.add(s.name);
    for (const p of ctx.peers) if (knownWords(p)[0] === t) peers.add(p);
    // A recipe by a word of its name; one named like an intent ('optimize-memory') is that intent.
    for (const recipe of ctx.recipes)
      if (
        !(INTENT_NAMES as string[]).includes(recipe.name) &&
        knownWords(recipe.name).some((w) => w.length > 3 && (w === t || w === r.stems[i]))
      )
        recipes.add(recipe.name);
    if (VERB_WORDS.has(t)) for (const c of CONTROL_VERBS) if (c.verb === t && !c.particle) intents.add(c.intent);
  });
  for (const intent of matchCues(r, ctx).keys()) intents.add(intent);
  return { services: [...services], peers: [...peers], recipes: [...recipes], intents: [...intents] };
}
