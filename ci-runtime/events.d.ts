import type { CiEvent } from '../protocol';
/** Publish/subscribe for CiEvents with a bounded history. */
export declare class EventBus {
    private readonly now;
    private readonly keep;
    private readonly listeners;
    private readonly history;
    constructor(now?: () => Date, keep?: number);
    /** Records and broadcasts an event; a failing listener never stops the others. */
    publish(event: Omit<CiEvent, 'at'>): CiEvent;
    /** Subscribes; returns the unsubscribe function. */
    subscribe(listener: (e: CiEvent) => void): () => void;
    /** The last `count` events, oldest first. */
    recent(count?: number): CiEvent[];
}
