// Tickets for the event stream: a browser's EventSource (or a plain GET) cannot carry the token
// header, and the token must not travel in a URL (logs, history, Referer). The page asks for a ticket
// with its token; the ticket opens one stream, once, within a short time.
import { randomBytes } from 'node:crypto';

/** Live tickets and when each expires. */
export class EventTickets {
  private readonly live = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh ticket. */
  issue(): string {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    this.live.set(ticket, this.now() + this.ttlMs);
    return ticket;
  }

  /** True once for a live ticket; it is spent either way. */
  redeem(ticket: string): boolean {
    const until = this.live.get(ticket);
    this.live.delete(ticket);
    return until !== undefined && until > this.now();
  }

  private sweep(): void {
    const now = this.now();
    for (const [t, until] of this.live) if (until <= now) this.live.delete(t);
  }
}
