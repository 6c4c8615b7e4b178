// A tiny Redis client: one command per connection, enough for probes (PING, INFO) and recipes
// (MEMORY PURGE, FLUSHDB ...). No dependency, so the ci-runtime bundle stays small.
import { createConnection } from 'node:net';
import { decodeValue, encodeCommand, RespError, type RespValue } from './resp';

/** Re-exported so callers need one import for commands and their replies. */
export { parseInfo, RespError, type RespValue } from './resp';

/** Where a Redis listens and how long to wait for it. */
export interface RedisTarget {
  port: number;
  host?: string;
  timeoutMs?: number;
  /** AUTH before the command (Redis `requirepass`, or an ACL user with its password). */
  auth?: RedisAuth | null;
}

/** Credentials for AUTH: `password` alone is `requirepass`; with `username`, an ACL user. */
export interface RedisAuth {
  username?: string;
  password: string;
}

/**
 * Sends one command (`['INFO', 'memory']`) and resolves with the decoded reply. Server errors
 * (`-ERR`) reject with the server's message; so do refusals and the timeout.
 */
export function redisCommand(
  args: string[],
  { port, host = '127.0.0.1', timeoutMs = 1000, auth = null }: RedisTarget,
): Promise<RespValue> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host });
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (err: Error | null, value?: RespValue) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value ?? null);
    };
    const timer = setTimeout(
      () =>
        finish(
          new Error(
            `Redis ${host}:${port} did not answer ${args[0] ?? ''} within ${timeoutMs} ms; is it running and not blocked?`,
          ),
        ),
      timeoutMs,
    );
    // AUTH and the command go out together; the first reply answers AUTH. The password is never
    // part of a message: a refusal names the user, not what was sent.
    let authPending = auth !== null;
    socket.on('connect', () => {
      const authArgs = auth ? ['AUTH', ...(auth.username ? [auth.username] : []), auth.password] : null;
      socket.write(authArgs ? Buffer.concat([encodeCommand(authArgs), encodeCommand(args)]) : encodeCommand(args));
    });
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        let decoded = decodeValue(buf);
        if (!decoded) return;
        if (authPending) {
          if (decoded.value instanceof RespError) {
            return finish(
              new Error(
                `Redis ${host}:${port} refused the login${auth?.username ? ` of user '${auth.username}'` : ''} (${decoded.value.message.split(' ')[0]}): check requirepass / REDIS_URL in the manifest`,
              ),
            );
          }
          authPending = false;
          buf = buf.subarray(decoded.end);
          decoded = decodeValue(buf);
          if (!decoded) return;
        }
        if (decoded.value instanceof RespError) {
          const hint = /^NOAUTH/.test(decoded.value.message)
            ? ' (it has requirepass: give its password as REDIS_URL redis://:<password>@host:port or --requirepass in its command)'
            : '';
          finish(new Error(`Redis ${host}:${port} refused ${args[0] ?? ''}: ${decoded.value.message}${hint}`));
        } else finish(null, decoded.value);
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on('error', (err) => finish(new Error(`Redis ${host}:${port} unreachable: ${err.message}`, { cause: err })));
    socket.on('close', () =>
      finish(new Error(`Redis ${host}:${port} closed the connection before answering ${args[0] ?? ''}`)),
    );
  });
}
