// Single-use, expiring confirmation tokens for control actions asked for in chat.
import { randomBytes } from 'node:crypto';
import type { ConfirmationRequest, ParsedIntent } from '../../protocol';

/** Pending actions waiting for the client to send their token back. */
export class ConfirmationStore {
  private readonly pending = new Map<string, { action: ParsedIntent; expires: number }>();

  constructor(private readonly now: () => number = Date.now, private readonly ttlMs = 120_000) {}

  /** Parks `action` and returns the request to show the user. */
  ask(action: ParsedIntent, prompt: string): ConfirmationRequest {
    this.sweep();
    const token = randomBytes(12).toString('hex');
    const expires = this.now() + this.ttlMs;
    this.pending.set(token, { action, expires });
    return { token, prompt, risk: action.risk, expires_at: new Date(expires).toISOString() };
  }

  /** Takes the action for `token` (once); null when unknown, used or expired. */
  consume(token: string): ParsedIntent | null {
    const entry = this.pending.get(token);
    this.pending.delete(token);
    if (!entry || entry.expires < this.now()) return null;
    return entry.action;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, v] of this.pending) if (v.expires < now) this.pending.delete(k);
  }
}
