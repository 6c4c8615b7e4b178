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
import { pinSocket, UnsafeFileError } from '../files/safe-open';

export { type CiAddress, CiUnreachableError };

// Replies can be long (a service's log tail); a CI that never ends a line must still not make the
// host buffer without bound.
export const MAX_REPLY_BYTES = 16 * 1024 * 1024;

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

/** The token to send: a value, or read at each request (the host's copy may be rewritten by a restart). */
export type TokenSource = string | null | (() => string | null);

/** The socket/TCP transport. A Unix socket is pinned first (files/safe-open.ts): never a link, a file or a FIFO. */
export class SocketCiTransport implements CiTransport {
  readonly describe: string;
  constructor(
    private readonly address: CiAddress,
    private readonly token: TokenSource,
    /** Names the CI in refusals, e.g. "web-container-ci". */
    private readonly ciName = describeAddress(address),
  ) {
    this.describe = describeAddress(address);
  }

  async request(req: CiRequest, opts: { timeoutMs?: number } = {}): Promise<Reply> {
    const { address, request, release } = this.prepare(req);
    try {
      return await requestOverSocket({
        address,
        request,
        timeoutMs: opts.timeoutMs ?? 5000,
        maxReplyBytes: MAX_REPLY_BYTES,
        describe: this.describe,
      });
    } finally {
      release();
    }
  }

  async stream(req: CiRequest, onReply: (r: Reply) => void, signal: AbortSignal): Promise<void> {
    const { address, request, release } = this.prepare(req);
    try {
      await streamOverSocket({
        address,
        request,
        maxReplyBytes: MAX_REPLY_BYTES,
        describe: this.describe,
        onReply,
        signal,
      });
    } finally {
      release();
    }
  }

  // The token is read and the socket pinned before anything is sent; a refusal is an unreachable CI
  // whose message names the CI and the file.
  private prepare(req: CiRequest): { address: CiAddress; request: Request; release: () => void } {
    let token: string | null;
    try {
      token = typeof this.token === 'function' ? this.token() : this.token;
    } catch (err) {
      throw unreachable(this.describe, err);
    }
    const request = { ...req, id: `h${process.pid}-${nextId++}`, ...(token ? { token } : {}) } as Request;
    if (!('path' in this.address)) return { address: this.address, request, release: () => undefined };
    try {
      const pinned = pinSocket(this.address.path, `the socket of ${this.ciName}`);
      return { address: { path: pinned.path }, request, release: pinned.close };
    } catch (err) {
      throw unreachable(this.describe, err);
    }
  }
}

function unreachable(describe: string, err: unknown): CiUnreachableError {
  if (err instanceof UnsafeFileError) return new CiUnreachableError(err.message, 'refused', { cause: err });
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new CiUnreachableError(`${describe}: ${code}`, 'refused', { cause: err });
}
