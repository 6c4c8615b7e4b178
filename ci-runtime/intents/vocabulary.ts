// The words the parser knows, for the spelling corrector: every word of the catalogue (cues, verbs,
// kind words, shell words), the words its sentence rules read, everyday English (so that a word
// of ordinary speech is never taken for a typo), and the names of this container's services,
// peers and recipes. The action verbs are guarded: only typo shapes no everyday word has reach them.
import type { ParseContext } from './extract-args';
import { KIND_WORDS } from './extract-args';
import {
  CONTROL_NOUNS,
  CONTROL_PARTICIPLES,
  CONTROL_VERBS,
  GLUE,
  MEMORY_NOUNS,
  OPTIMIZE_NOUNS,
  OPTIMIZE_VERBS,
  RUN_VERBS,
  DESTROY_VERBS,
  VERB_CLASSES,
} from './actions';
import { LEXICON } from './lexicon';
import { Speller } from './spelling';
import { STRUCTURE_WORDS } from './structure';
import { knownWords } from './tokens';

// Everyday words of operators' sentences that are no cue: known, so never "corrected" into one.
const EVERYDAY = `the a an and or but so then to of in on at for from with by about into over under up down out off
again now please thanks thank you me my mine i we us our they them it its this that these those there here their
your what which who whom whose when where why how is are was were be been being am do does did done have has had
can could would will shall should may might must not no yes ok okay hey hi hello all any some every each much many
more most less few lot lots just only also very too really quite still yet already right left new old good bad big
small fine well little long short first next same other own such as than like if else while since until before
after once because though whether both tell show give get let see look find check list display make take put keep
set need want know think say go going come came back he she him her his container containers box host node
machine peer ci instance its there over way thing things someone anyone everyone something anything nothing
day today tonight tomorrow night morning evening week hour hours minute minutes min mins second seconds time
ago earlier later soon home work fan file files code error errors warning warnings queue jobs job task tasks
full empty high low hot cold fast slow big huge tiny stuck hang hangs hung dead died die down percent
late manager managers config configs info killer melting team boss user users customer customers page pages alert
alerts pager ticket shift sprint`;

const everyday = EVERYDAY.split(/\s+/);
/** The words that frame a question to a peer (parse-peer.ts). */
const PEER_WORDS = ['ask', 'consult', 'poll', 'query', 'forward', 'relay', 'pass', 'send', 'route', 'redirect', 'ssh'];

let staticWords: string[] | null = null;
let guardedWords: string[] | null = null;

// The catalogue's own words, computed once (the catalogue is data of the bundle).
function catalogueWords(): { all: string[]; guarded: string[] } {
  if (!staticWords || !guardedWords) {
    const verbs = CONTROL_VERBS.flatMap((c) => [c.verb, ...(c.particle ?? []), ...(c.unless ?? [])]);
    staticWords = [
      ...Object.values(LEXICON).flatMap((cues) => cues.flatMap((c) => c.words)),
      ...verbs,
      ...Object.keys(CONTROL_NOUNS),
      ...Object.keys(CONTROL_PARTICIPLES),
      ...OPTIMIZE_VERBS,
      ...MEMORY_NOUNS,
      ...OPTIMIZE_NOUNS,
      ...RUN_VERBS,
      ...VERB_CLASSES.flat(),
      ...DESTROY_VERBS,
      ...GLUE,
      ...STRUCTURE_WORDS,
      ...Object.values(KIND_WORDS).flat(),
      ...everyday,
      ...PEER_WORDS,
    ].filter((w) => /^[a-z0-9]+$/.test(w));
    guardedWords = [
      ...CONTROL_VERBS.map((c) => c.verb),
      ...Object.keys(CONTROL_NOUNS),
      ...OPTIMIZE_VERBS,
      ...RUN_VERBS,
      ...DESTROY_VERBS,
      ...VERB_CLASSES[1]!,
    ];
  }
  return { all: staticWords, guarded: guardedWords };
}

// One speller per context (services, peers, recipes), kept for the next message: a chat builds
// a new context object every time, so the key is its content.
const spellers = new Map<string, Speller>();
const byContext = new WeakMap<ParseContext, Speller>();

/** The spelling corrector for a context. */
export function spellerFor(ctx: ParseContext): Speller {
  const known = byContext.get(ctx);
  if (known) return known;
  const names = [
    ...ctx.services.flatMap((s) => [s.name, s.label]),
    ...ctx.peers,
    ...ctx.recipes.flatMap((r) => [r.name, ...r.phrases]),
  ];
  const key = names.join('\n');
  let speller = spellers.get(key);
  if (!speller) {
    const { all, guarded } = catalogueWords();
    // The first word of an action recipe's phrase ('flush', 'vacuum') acts: guarded like a verb.
    const acting = ctx.recipes
      .filter((r) => r.risk !== 'inspect')
      .flatMap((r) => r.phrases.map((p) => knownWords(p)[0]!));
    speller = new Speller([...all, ...names.flatMap(knownWords)], [...guarded, ...acting]);
    if (spellers.size >= 4) spellers.delete(spellers.keys().next().value!);
    spellers.set(key, speller);
  }
  byContext.set(ctx, speller);
  return speller;
}
