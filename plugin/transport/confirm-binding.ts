// A confirmation is the CI's question, and the CI is not trusted (red team A27): a hostile one attaches
// "restart web?" to the answer of "how much memory", and `--yes` answered it. The host binds what it
// confirms to what it asked for: a structured request names its action and target itself (`ci run`
// a recipe, a `control` of a service), and a confirmation of anything else is refused in any mode. A
// chat line is read by the CI, so the host knows only the user's words: under --yes it confirms only
// an action and a target those words name; on a terminal it shows the action and target in its own
// words before the CI's prompt. What remains (docs/security.md): a CI may still act differently from
// what it asked to confirm; that is inside its own container.
import type { ConfirmationRequest } from '../../protocol';
import type { CiRequest } from './ci-client';

/** Bound: go on to the policy, with the host's line to show first; or refused, with why. */
export type ConfirmBinding = { ok: true; shown: string } | { ok: false; message: string };

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

// A word of the request names `thing` when it is the thing itself or an inflection of it ('restarting').
function named(thing: string, said: string[]): boolean {
  const parts = words(thing);
  return parts.length > 0 && parts.every((p) => said.some((w) => w === p || (p.length >= 4 && w.startsWith(p))));
}

/** What the confirmation would do, in the host's words. */
export function describeConfirmation(confirm: ConfirmationRequest): string {
  const action = typeof confirm.action === 'string' && confirm.action ? confirm.action : 'an action';
  const what = action.startsWith('recipe:') ? `run recipe '${action.slice(7)}'` : action;
  return `${what} on '${typeof confirm.target === 'string' && confirm.target ? confirm.target : '(no target named)'}'`;
}

/** Checks `confirm` against the request it answers; `yes` says whether --yes would answer it unseen. */
export function bindConfirmation(
  request: CiRequest,
  confirm: ConfirmationRequest,
  opts: { ciName: string; yes: boolean },
): ConfirmBinding {
  const action = typeof confirm.action === 'string' ? confirm.action : '';
  const target = typeof confirm.target === 'string' ? confirm.target : '';
  const shown = `${opts.ciName} asks to confirm: ${describeConfirmation(confirm)}`;
  const refuse = (asked: string) => ({
    ok: false as const,
    message: `${opts.ciName} asked to confirm ${describeConfirmation(confirm)}, but ${asked}: refused, nothing was done`,
  });
  if (request.type === 'run') {
    if (action !== `recipe:${request.recipe}`) return refuse(`this request runs recipe '${request.recipe}'`);
    const service = request.params?.service;
    if (typeof service === 'string' && service && target !== service)
      return refuse(`this request names service '${service}'`);
    return { ok: true, shown };
  }
  if (request.type === 'control') {
    if (action !== request.action || target !== request.service)
      return refuse(`this request is ${request.action} of '${request.service}'`);
    return { ok: true, shown };
  }
  if (request.type === 'chat') {
    if (!opts.yes) return { ok: true, shown };
    const said = words(request.content);
    const actionWords = action.startsWith('recipe:') ? action.slice(7) : action === 'ask-peer' ? '' : action;
    if (!target || !named(target, said) || (actionWords && !named(actionWords, said)))
      return {
        ok: false,
        message: `${opts.ciName} asked to confirm ${describeConfirmation(confirm)}, which your words ('${request.content.slice(0, 80)}') do not name: --yes answers only what you asked for; nothing was done (answer on a terminal, or name the action and its target)`,
      };
    return { ok: true, shown };
  }
  return refuse(`a ${request.type} request changes nothing`);
}
