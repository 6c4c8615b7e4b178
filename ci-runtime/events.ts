// The CI's event stream: supervisor and probe loop publish, `events` clients subscribe. A short
// history is kept so a client that connects just after a crash still sees it.
import type { CiEvent } from '../protocol';

/** Publish/subscribe for CiEvents with a bounded history. */
export class EventBus {
  private readonly listeners = new Set<(e: CiEvent) => void>();
  private readonly history: CiEvent[] = [];

  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly keep = 200,
  ) {}

  /** Records and broadcasts an event; a failing listener never stops the others. */
  publish(event: Omit<CiEvent, 'at'>): CiEvent {
    const full: CiEvent = { at: this.now().toISOString(), ...event };
    this.history.push(full);
    if (this.history.length > this.keep) this.history.shift();
    for (const listener of this.listeners) {
      try {
        listener(full);
      } catch {
        /* a broken client must not break the supervisor */
      }
    }
    return full;
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (e: CiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The last `count` events, oldest first. */
  recent(count = 50): CiEvent[] {
    return this.history.slice(-count);
  }
}
