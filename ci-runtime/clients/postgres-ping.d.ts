/** pg_isready's three outcomes: accepting, rejecting (starting up / shutting down), no response. */
export type PgPing = 'accepting' | 'rejecting' | 'no_response';
/** The startup packet (protocol 3.0) for `user`/`database`. */
export declare function startupMessage(user?: string, database?: string): Buffer;
/** Classifies the server's first message (pure). */
export declare function classifyStartupReply(reply: Buffer): PgPing;
/** Connects to host:port and classifies the answer to a startup message. */
export declare function pgPing(port: number, { host, timeoutMs }?: {
    host?: string | undefined;
    timeoutMs?: number | undefined;
}): Promise<PgPing>;
