// Requests the CI never does, whatever catalogue word they contain: handing out secrets ("print
// the env vars with the aws keys", "what's the postgres password"), destroying data or files
// ("drop database shop", "truncate every table"), changing the container or its configuration
// ("open port 22 to the internet", "install htop", "upgrade postgres"). They come back as
// `outOfScope`, so no intent answers them as if they had been asked for something else. Pure.
import type { ParsedIntent } from '../../protocol';
import { DESTROY_VERBS, MEMORY_NOUNS } from './actions';
import type { ParseContext } from './extract-args';
import { findRecipeByPhrase } from './recipe-match';
import type { Reading } from './reading';
import { unknown } from './results';
import { hasSeq, moodAt } from './structure';

/** Words that name a secret by themselves. */
const SECRETS = new Set(['password', 'passwords', 'passwd', 'secret', 'secrets', 'credential', 'credentials', 'creds']);
/** Two words that name a secret together ("api key", "env vars"). */
const SECRET_PAIRS = [
  ['private', 'key'],
  ['api', 'key'],
  ['api', 'keys'],
  ['ssh', 'key'],
  ['ssh', 'keys'],
  ['access', 'key'],
  ['access', 'keys'],
  ['env', 'vars'],
  ['env', 'variables'],
  ['environment', 'variables'],
  ['connection', 'string'],
];
/** Verbs that change the container or its configuration, when they head an order. */
const CHANGE_VERBS = new Set([
  'install',
  'uninstall',
  'upgrade',
  'downgrade',
  'update',
  'deploy',
  'redeploy',
  'rollback',
  'scale',
  'migrate',
  'rename',
  'patch',
  'rebuild',
  'edit',
  'modify',
  'configure',
  'reconfigure',
  'grant',
  'revoke',
  'expose',
  'chmod',
  'chown',
  'create',
  'add',
  'set',
  'change',
  'resize',
  'mount',
]);
/** Things 'open' and 'close' change ("open port 22"; "open the logs" is a question). */
const OPENABLE = new Set(['port', 'ports', 'firewall', 'access', 'ssh', 'shell', 'socket', 'internet', 'public']);

/** A request outside the CI's scope, or null. */
export function parseScope(r: Reading, ctx: ParseContext): ParsedIntent | null {
  const { tokens } = r;
  const secret = tokens.find((w) => SECRETS.has(w)) ?? SECRET_PAIRS.find((p) => hasSeq(tokens, p))?.join(' ');
  if (secret) return refused(secret);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    const opens = (w === 'open' || w === 'close') && tokens.slice(i + 1, i + 4).some((x) => OPENABLE.has(x));
    const changes = CHANGE_VERBS.has(w) && tokens[i + 1] !== 'me' && tokens[i + 1] !== 'us';
    // Destroying, unless a recipe's own phrase says it ("nuke the cache" is the clear-cache recipe)
    // or it frees memory ("purge memory").
    const destroys =
      DESTROY_VERBS.has(w) &&
      !actingRecipeAt(r, ctx, i) &&
      !tokens.slice(i + 1, i + 4).some((x) => MEMORY_NOUNS.includes(x));
    if ((opens || changes || destroys) && moodAt(r, i) === 'order') return refused(w);
  }
  return null;
}

function actingRecipeAt(r: Reading, ctx: ParseContext, i: number): boolean {
  const hit = findRecipeByPhrase(r.tokens, ctx);
  return hit !== null && hit.recipe.risk !== 'inspect' && hit.at <= i + 1;
}

function refused(what: string): ParsedIntent {
  return { ...unknown(0.2), outOfScope: what };
}
