// Single-use, expiring confirmation tokens. A token is bound to one recipe with one set of params
// and, for destructive recipes, to the exact actions the prompt named.
import { randomBytes } from 'node:crypto';
import type { ConfirmationRequest, Risk } from '../../protocol';
import { canonicalJson } from '../../protocol';

interface Pending {
  recipe: string;
  paramsKey: string;
  actions: string[];
  expiresAt: number;
}

/** The token store of one engine. */
export interface ConfirmationStore {
  issue(input: { recipe: string; params: Record<string, unknown>; risk: Risk; actions: string[]; prompt: string }): ConfirmationRequest;
  /** Uses up a token; it must match the recipe and params and be unexpired. */
  consume(token: string, recipe: string, params: Record<string, unknown>): { ok: true; actions: string[] } | { ok: false; reason: string };
}

/** Creates a store; tokens live `ttlMs` (default 2 minutes) by the given clock. */
export function createConfirmationStore({ ttlMs = 120_000, now = Date.now }: { ttlMs?: number; now?: () => number } = {}): ConfirmationStore {
  const pending = new Map<string, Pending>();
  const sweep = () => {
    for (const [token, p] of pending) if (p.expiresAt <= now()) pending.delete(token);
  };
  return {
    issue({ recipe, params, risk, actions, prompt }) {
      sweep();
      const token = randomBytes(16).toString('hex');
      const expiresAt = now() + ttlMs;
      pending.set(token, { recipe, paramsKey: canonicalJson(params), actions, expiresAt });
      return { token, prompt, risk, expires_at: new Date(expiresAt).toISOString() };
    },
    consume(token, recipe, params) {
      const p = pending.get(token);
      if (!p) return { ok: false, reason: 'unknown or already used confirmation token; ask again for a new one' };
      pending.delete(token);
      if (p.expiresAt <= now()) return { ok: false, reason: `the confirmation token expired at ${new Date(p.expiresAt).toISOString()}; ask again for a new one` };
      if (p.recipe !== recipe || p.paramsKey !== canonicalJson(params)) {
        return { ok: false, reason: `the confirmation token was issued for '${p.recipe}' with other parameters; ask again for this run` };
      }
      return { ok: true, actions: p.actions };
    },
  };
}

/** The question to ask: names the recipe and, one by one, the actions (targets) it would take. */
export function confirmationPrompt(recipe: string, risk: Risk, actions: string[]): string {
  const what = actions.length > 0 ? actions.join('; ') : 'no changes foreseen by the dry run';
  const head = risk === 'destructive' ? `Destructive: ${recipe} will ${what}. Data is lost.` : `${recipe} will ${what}.`;
  return `${head} Go ahead?`;
}
