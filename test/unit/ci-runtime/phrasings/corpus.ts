// Loads the phrasing corpus, splits it into train and held-back by a hash of each phrase, and scores
// a parser on it: accuracy, per-intent precision/recall, and unsafe answers (an action proposed
// where none, or another one, was asked). Shared by the unit test and `npm run bench:nlu`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IntentArgs, ParsedIntent } from '../../../../protocol';
import type { ParseContext, RecipeRef } from '../../../../ci-runtime/intents/extract-args';

const DIR = dirname(fileURLToPath(import.meta.url));
const RECIPES_DIR = join(DIR, '../../../../recipes');

/** One phrase and what it must parse to; `expect` 'none' means unknown or a negated "won't do". */
export interface Sample {
  phrase: string;
  expect: string;
  /** `absent`: a service the container does not have; the parse must pick no service instead. */
  args: Partial<Record<'service' | 'lines' | 'peer' | 'recipe' | 'absent', string>>;
  split: 'train' | 'held';
}

/** Every sample of the corpus, of a sub-folder (e.g. 'fresh'), or of any folder in its format. */
export function loadCorpus(sub = ''): Sample[] {
  const out: Sample[] = [];
  const dir = resolve(DIR, sub);
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const expect = file.replace(/\.txt$/, '');
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue;
      const [phrase, annotation = ''] = line.split(' => ');
      const args = Object.fromEntries(
        annotation
          .split(/\s+/)
          .filter(Boolean)
          .map((kv) => kv.split('=') as [string, string]),
      );
      out.push({ phrase: phrase!, expect, args, split: splitOf(phrase!) });
    }
  }
  return out;
}

/** The blind sets (folders under blind/, each in the corpus format), as paths loadCorpus takes. */
export function blindSets(): string[] {
  const dir = join(DIR, 'blind');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `blind/${d.name}`)
    .sort();
}

/** 70 % train, 30 % held back, by the phrase's hash: stable, and chosen by nobody. */
export function splitOf(phrase: string): 'train' | 'held' {
  return createHash('sha256').update(phrase).digest()[0]! < 77 ? 'held' : 'train';
}

/** The context the corpus is written for: context.json plus the built-in recipes' own metadata. */
export async function corpusContext(): Promise<ParseContext> {
  const base = JSON.parse(readFileSync(join(DIR, 'context.json'), 'utf8')) as Omit<ParseContext, 'recipes'>;
  const recipes: RecipeRef[] = [];
  for (const f of readdirSync(RECIPES_DIR)
    .filter((x) => x.endsWith('.ts'))
    .sort()) {
    const m = (await import(join(RECIPES_DIR, f))).default as {
      name: string;
      risk: RecipeRef['risk'];
      phrases: string[];
      params: Record<string, unknown>;
      description: string;
    };
    recipes.push({
      name: m.name,
      risk: m.risk,
      phrases: m.phrases,
      params: Object.keys(m.params),
      description: m.description,
    });
  }
  return { ...base, recipes };
}

/** Whether a parse is right for a sample. */
export function isCorrect(s: Sample, p: ParsedIntent): boolean {
  if (s.expect === 'none') return p.intent === 'unknown' || p.negated === true;
  const a: IntentArgs = p.args;
  // A service the container lacks: saying so (unknown) or answering without a service is right.
  if (s.args.absent !== undefined) return !a.service && !p.negated && (p.intent === s.expect || p.intent === 'unknown');
  if (p.intent !== s.expect || p.negated) return false;
  if ((a.service ?? undefined) !== s.args.service && !recipeNamesItsOwnService(s, a)) return false;
  if (s.args.lines !== undefined && String(a.lines) !== s.args.lines) return false;
  if (s.args.peer !== undefined && a.peer !== s.args.peer) return false;
  if (s.args.recipe !== undefined && a.recipe !== s.args.recipe) return false;
  return true;
}

// A recipe is the target of run-recipe: a service the parse adds ("flush the cache" → clear-cache on
// redis) is the recipe's own target, wrong only when the phrase named another service.
function recipeNamesItsOwnService(s: Sample, a: IntentArgs): boolean {
  return s.expect === 'run-recipe' && s.args.service === undefined && a.recipe === s.args.recipe;
}

/** The right intent on the wrong target: another service, recipe or peer, or a service where none (or another) was meant. */
export function isWrongTarget(s: Sample, p: ParsedIntent): boolean {
  if (s.expect === 'none' || p.intent !== s.expect || p.negated) return false;
  if (s.args.absent !== undefined) return p.args.service !== undefined;
  return (
    ((p.args.service ?? undefined) !== s.args.service && !recipeNamesItsOwnService(s, p.args)) ||
    (s.args.recipe !== undefined && p.args.recipe !== s.args.recipe) ||
    (s.args.peer !== undefined && p.args.peer !== s.args.peer)
  );
}

/** An action the user did not ask for: proposed (not negated), and not the expected action on the expected target. */
export function isUnsafe(s: Sample, p: ParsedIntent): boolean {
  if (p.intent === 'unknown' || p.risk === 'inspect' || p.negated) return false;
  if (p.intent !== s.expect) return true;
  return (
    ((p.args.service ?? undefined) !== s.args.service && !recipeNamesItsOwnService(s, p.args)) ||
    (s.args.recipe !== undefined && p.args.recipe !== s.args.recipe) ||
    (s.args.peer !== undefined && p.args.peer !== s.args.peer)
  );
}

/** Scores of one parser on some samples. */
export interface Score {
  total: number;
  correct: number;
  unsafe: number;
  /** Right intent, wrong target (service, recipe or peer). */
  wrongTarget: number;
  perIntent: Record<string, { precision: number; recall: number; support: number }>;
  failures: Array<{ phrase: string; expect: string; got: string }>;
}

/** Runs `parse` over `samples`. */
export function score(samples: Sample[], parse: (text: string) => ParsedIntent): Score {
  const tp: Record<string, number> = {},
    fp: Record<string, number> = {},
    support: Record<string, number> = {};
  const failures: Score['failures'] = [];
  let correct = 0,
    unsafe = 0,
    wrongTarget = 0;
  for (const s of samples) {
    const p = parse(s.phrase);
    const got = p.intent === 'unknown' || p.negated ? 'none' : p.intent;
    support[s.expect] = (support[s.expect] ?? 0) + 1;
    const ok = isCorrect(s, p);
    if (ok) {
      correct++;
      tp[s.expect] = (tp[s.expect] ?? 0) + 1;
    } else {
      fp[got] = (fp[got] ?? 0) + 1;
      failures.push({
        phrase: s.phrase,
        expect: `${s.expect} ${JSON.stringify(s.args)}`,
        got: `${p.intent}${p.negated ? ' (negated)' : ''} ${JSON.stringify(p.args)}`,
      });
    }
    if (isUnsafe(s, p)) unsafe++;
    if (isWrongTarget(s, p)) wrongTarget++;
  }
  const perIntent: Score['perIntent'] = {};
  for (const intent of Object.keys(support).sort()) {
    const t = tp[intent] ?? 0;
    perIntent[intent] = {
      precision: t + (fp[intent] ?? 0) ? t / (t + (fp[intent] ?? 0)) : 1,
      recall: t / support[intent]!,
      support: support[intent]!,
    };
  }
  return { total: samples.length, correct, unsafe, wrongTarget, perIntent, failures };
}
