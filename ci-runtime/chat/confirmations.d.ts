import type { ConfirmationRequest, ParsedIntent } from '../../protocol';
/** Pending actions waiting for the client to send their token back. */
export declare class ConfirmationStore {
    private readonly now;
    private readonly ttlMs;
    private readonly pending;
    constructor(now?: () => number, ttlMs?: number);
    /** Parks `action` and returns the request to show the user. */
    ask(action: ParsedIntent, prompt: string): ConfirmationRequest;
    /** Takes the action for `token` (once); null when unknown, used or expired. */
    consume(token: string): ParsedIntent | null;
    private sweep;
}
