// The question a recipe's confirmation asks, and the target it names (pure).
import type { Risk } from '../../protocol';

/** The question to ask: names the recipe and, one by one, the actions (targets) it would take. */
export function confirmationPrompt(recipe: string, risk: Risk, actions: string[]): string {
  const what = actions.length > 0 ? actions.join('; ') : 'no changes foreseen by the dry run';
  const head =
    risk === 'destructive' ? `Destructive: ${recipe} will ${what}. Data is lost.` : `${recipe} will ${what}.`;
  return `${head} Go ahead?`;
}

/** What a run acts on: the one service its planned actions name, else its `service` param, else the recipe. */
export function recipeTarget(
  recipe: string,
  params: Record<string, unknown>,
  actions: string[],
  services: string[],
): string {
  const named = new Set<string>();
  for (const a of actions) for (const m of a.matchAll(/'([^']+)'/g)) if (services.includes(m[1]!)) named.add(m[1]!);
  if (named.size === 1) return [...named][0]!;
  return typeof params.service === 'string' && params.service ? params.service : recipe;
}
