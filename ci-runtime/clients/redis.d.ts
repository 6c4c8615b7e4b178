import { type RespValue } from './resp';
/** Re-exported so callers need one import for commands and their replies. */
export { parseInfo, RespError, type RespValue } from './resp';
/** Where a Redis listens and how long to wait for it. */
export interface RedisTarget {
    port: number;
    host?: string;
    timeoutMs?: number;
}
/**
 * Sends one command (`['INFO', 'memory']`) and resolves with the decoded reply. Server errors
 * (`-ERR`) reject with the server's message; so do refusals and the timeout.
 */
export declare function redisCommand(args: string[], { port, host, timeoutMs }: RedisTarget): Promise<RespValue>;
