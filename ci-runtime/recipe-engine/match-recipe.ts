// Finds the recipe a phrase asks for: every word of one of its phrases (or of its name) appears in
// the message; the longest such phrase wins. Pure.
import type { RecipeInfo } from '../../protocol';

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter(Boolean);

/** Name of the best-matching recipe, or null. */
export function matchRecipe(phrase: string, recipes: Pick<RecipeInfo, 'name' | 'phrases'>[]): string | null {
  const said = new Set(words(phrase));
  let best: { name: string; score: number } | null = null;
  for (const recipe of recipes) {
    for (const candidate of [recipe.name, ...recipe.phrases]) {
      const need = words(candidate);
      if (need.length === 0 || !need.every((w) => said.has(w))) continue;
      if (!best || need.length > best.score) best = { name: recipe.name, score: need.length };
    }
  }
  return best?.name ?? null;
}
