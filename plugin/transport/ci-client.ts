// Talks to one container CI over its NDJSON protocol (Unix socket or TCP): send a request with an
// id and the token, wait for the reply with that id, give up after a timeout. Nothing hangs. The
// exchange itself is the protocol's client (protocol/socket-client.ts), shared with the container.
import {
  type CiAddress,
  CiUnreachableError,
  describeAddress,
  type Reply,
  type Request,
  requestOverSocket,
  streamOverSocket,
} from '../../protocol';

export { type CiAddress, CiUnreachableError };

// Replies can be long (a service's log tail); a CI that never ends a line must still not make the
// host buffer without bound.
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

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
  constructor(
    private readonly address: CiAddress,
    private readonly token: string | null,
  ) {
    this.describe = describeAddress(address);
  }

  request(req: CiRequest, opts: { timeoutMs?: number } = {}): Promise<Reply> {
    return requestOverSocket({
      address: this.address,
      request: this.withIdAndToken(req),
      timeoutMs: opts.timeoutMs ?? 5000,
      maxReplyBytes: MAX_REPLY_BYTES,
      describe: this.describe,
    });
  }

  stream(req: CiRequest, onReply: (r: Reply) => void, signal: AbortSignal): Promise<void> {
    return streamOverSocket({
      address: this.address,
      request: this.withIdAndToken(req),
      maxReplyBytes: MAX_REPLY_BYTES,
      describe: this.describe,
      onReply,
      signal,
    });
  }

  private withIdAndToken(req: CiRequest): Request {
    return { ...req, id: `h${process.pid}-${nextId++}`, ...(this.token ? { token: this.token } : {}) } as Request;
  }
}
