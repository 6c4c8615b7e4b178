// Talks to one container CI over its NDJSON protocol (Unix socket or TCP): send a request with an
// id and the token, wait for the reply with that id, give up after a timeout. Nothing hangs.
import { createConnection, type Socket } from 'node:net';
import { encodeLine, LineSplitter, type Reply, type Request } from '../../protocol';

// Replies can be long (a service's log tail); a CI that never ends a line must still not make the
// host buffer without bound.
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

/** Where to connect: a Unix socket path, or host and port. */
export type CiAddress = { path: string } | { host: string; port: number };

/** Error for a CI that could not be reached or did not answer in time. */
export class CiUnreachableError extends Error {
  override name = 'CiUnreachableError';
  constructor(message: string, readonly reason: 'timeout' | 'refused' | 'closed', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A request without id/token: the client adds them. */
export type CiRequest = Request extends infer R ? (R extends Request ? Omit<R, 'id' | 'token'> : never) : never;

/** Something that can send a request to a CI and get its reply (socket, TCP or docker exec). */
export interface CiTransport {
  request(req: CiRequest, opts?: { timeoutMs?: number }): Promise<Reply>;
  /** Streams replies (e.g. `events`) until the signal aborts or the CI closes the connection. */
  stream(req: CiRequest, onReply: (r: Reply) => void, signal: AbortSignal): Promise<void>;
  describe: string;
}

let nextId = 1;

/** The socket/TCP transport. */
export class SocketCiTransport implements CiTransport {
  readonly describe: string;
  constructor(private readonly address: CiAddress, private readonly token: string | null) {
    this.describe = 'path' in address ? `unix:${address.path}` : `tcp:${address.host}:${address.port}`;
  }

  request(req: CiRequest, opts: { timeoutMs?: number } = {}): Promise<Reply> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    const id = `h${process.pid}-${nextId++}`;
    return new Promise<Reply>((resolve, reject) => {
      const socket = this.connect();
      const lines = new LineSplitter(MAX_REPLY_BYTES);
      let settled = false;
      const finish = (err: Error | null, reply?: Reply) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (err) reject(err); else resolve(reply!);
      };
      const timer = setTimeout(() => finish(new CiUnreachableError(`${this.describe} did not answer within ${timeoutMs} ms`, 'timeout')), timeoutMs);
      socket.on('connect', () => socket.write(encodeLine({ ...req, id, ...(this.token ? { token: this.token } : {}) } as Request)));
      socket.on('data', (chunk: Buffer) => {
        for (const event of lines.push(chunk)) {
          if (event.kind === 'too_large') return finish(new CiUnreachableError(`${this.describe} sent a reply line over ${MAX_REPLY_BYTES} bytes`, 'closed'));
          let reply: Reply;
          try { reply = JSON.parse(event.text) as Reply; } catch { continue; }
          if (reply.id === id || reply.id === undefined) return finish(null, reply);
        }
      });
      socket.on('error', (err) => finish(new CiUnreachableError(`${this.describe}: ${(err as NodeJS.ErrnoException).code ?? err.message}`, 'refused', { cause: err })));
      socket.on('close', () => finish(new CiUnreachableError(`${this.describe} closed the connection without answering`, 'closed')));
    });
  }

  stream(req: CiRequest, onReply: (r: Reply) => void, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const socket = this.connect();
      const lines = new LineSplitter(MAX_REPLY_BYTES);
      const onAbort = () => socket.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      socket.on('connect', () => socket.write(encodeLine({ ...req, id: `h${process.pid}-${nextId++}`, ...(this.token ? { token: this.token } : {}) } as Request)));
      socket.on('data', (chunk: Buffer) => {
        for (const event of lines.push(chunk)) {
          if (event.kind !== 'line') continue; // an oversized line is dropped, the stream goes on
          try { onReply(JSON.parse(event.text) as Reply); } catch { /* a bad line is skipped, the stream goes on */ }
        }
      });
      socket.on('error', (err) => { signal.removeEventListener('abort', onAbort); if (signal.aborted) resolve(); else reject(new CiUnreachableError(`${this.describe}: ${err.message}`, 'refused', { cause: err })); });
      socket.on('close', () => { signal.removeEventListener('abort', onAbort); resolve(); });
    });
  }

  private connect(): Socket {
    return 'path' in this.address ? createConnection(this.address.path) : createConnection(this.address.port, this.address.host);
  }
}
