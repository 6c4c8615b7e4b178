// The CI's one confirmation store: single-use, expiring tokens for every control or destructive
// action, whether it came as chat, a `control` request or a recipe run. A token is bound to a key
// (the action with its exact arguments) and names its target, so the client can show and check it.
import { randomBytes } from 'node:crypto';
import type { ConfirmationRequest, Risk } from '../protocol';

/** What a token stands for, as the store hands it back. */
export interface PendingAction {
  /** 'restart', 'stop', 'start', 'ask-peer' or 'recipe:<name>'. */
  action: string;
  target: string;
  /** The action with its arguments; consume() must present the same key. */
  key: string;
  /** The labelled steps a destructive action may take (from its dry run). */
  actions: string[];
  /** Whatever the issuer needs to act later (e.g. the parsed chat intent). */
  payload?: unknown;
}

/** What to ask about. */
export interface IssueInput extends Omit<PendingAction, 'actions'> {
  actions?: string[];
  risk: Risk;
  prompt: string;
}

/** The token store shared by chat, `control` and the recipe engine. */
export interface ConfirmationStore {
  issue(input: IssueInput): ConfirmationRequest;
  /** What a token is for, without using it up; null when unknown or expired. */
  peek(token: string): PendingAction | null;
  /** Uses up a token; it must be unexpired and, when `key` is given, bound to that key. */
  consume(token: string, key?: string): { ok: true; pending: PendingAction } | { ok: false; reason: string };
}

/** Creates a store; tokens live `ttlMs` (default 2 minutes) by the given clock. */
export function createConfirmationStore({
  ttlMs = 120_000,
  now = Date.now,
}: {
  ttlMs?: number;
  now?: () => number;
} = {}): ConfirmationStore {
  const pending = new Map<string, PendingAction & { expiresAt: number }>();
  const sweep = () => {
    for (const [token, p] of pending) if (p.expiresAt <= now()) pending.delete(token);
  };
  return {
    issue({ risk, prompt, actions = [], ...rest }) {
      sweep();
      const token = randomBytes(16).toString('hex');
      const expiresAt = now() + ttlMs;
      pending.set(token, { ...rest, actions, expiresAt });
      return {
        token,
        prompt,
        risk,
        expires_at: new Date(expiresAt).toISOString(),
        target: rest.target,
        action: rest.action,
      };
    },
    peek(token) {
      const p = pending.get(token);
      if (!p || p.expiresAt <= now()) return null;
      const { expiresAt: _, ...rest } = p;
      return rest;
    },
    consume(token, key) {
      const p = pending.get(token);
      if (!p) return { ok: false, reason: 'unknown or already used confirmation token; ask again for a new one' };
      pending.delete(token);
      if (p.expiresAt <= now())
        return {
          ok: false,
          reason: `the confirmation token expired at ${new Date(p.expiresAt).toISOString()}; ask again for a new one`,
        };
      if (key !== undefined && p.key !== key) {
        return {
          ok: false,
          reason: `the confirmation token was issued for ${p.action} on '${p.target}' with other parameters; ask again for this one`,
        };
      }
      const { expiresAt: _, ...rest } = p;
      return { ok: true, pending: rest };
    },
  };
}
