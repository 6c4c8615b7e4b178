import type { CiCore } from './core';
/** Where to listen and the secret to require. */
export interface ServerOptions {
    socketPath: string;
    tcpPort?: number | null;
    tcpHost?: string;
    token: string;
    core: CiCore;
    /** Errors inside the CI (not the client's fault) are logged here. */
    log?: (line: string) => void;
}
/** Open connections served at once; more are refused with an error line. */
export declare const MAX_CLIENTS = 512;
/** Starts listening; resolves with a close function once every listener is up. */
export declare function startServer(opts: ServerOptions): Promise<{
    close: () => Promise<void>;
    clients: () => number;
}>;
