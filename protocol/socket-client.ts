// The client side of the NDJSON protocol, shared by the host (plugin/transport) and the programs that
// run inside the container (ci-runtime/tool: the exec relay and the HEALTHCHECK): send one request,
// wait for the reply with its id, give up after a timeout. Nothing hangs and no line is unbounded.
import { createConnection, type Socket } from 'node:net';
import { LineSplitter } from './line-splitter';
import { encodeLine, type Reply, type Request } from './messages';
import { checkReply } from './reply-shape';

/** Where to connect: a Unix socket path, or host and port. */
export type CiAddress = { path: string } | { host: string; port: number };

/** Error for a CI that could not be reached or did not answer in time. */
export class CiUnreachableError extends Error {
  override name = 'CiUnreachableError';
  constructor(
    message: string,
    /** 'malformed': it answered, with a reply that is not of the protocol's shape (reply-shape.ts). */
    readonly reason: 'timeout' | 'refused' | 'closed' | 'malformed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The error for a reply that is not of the protocol's shape: the CI answered, but nothing may read it. */
export function malformedReply(describe: string, reason: string): CiUnreachableError {
  return new CiUnreachableError(`${describe} sent a malformed reply: ${reason}`, 'malformed');
}

/** One exchange: the request (with its id and token already set), where, how long, how large. */
export interface SocketExchange {
  address: CiAddress;
  request: Request;
  timeoutMs: number;
  maxReplyBytes: number;
  /** Names the CI in errors (e.g. `unix:/run/tekton-ci/ci.sock`). */
  describe?: string;
}

/** How an address is named in errors. */
export function describeAddress(address: CiAddress): string {
  return 'path' in address ? `unix:${address.path}` : `tcp:${address.host}:${address.port}`;
}

function connect(address: CiAddress): Socket {
  return 'path' in address ? createConnection(address.path) : createConnection(address.port, address.host);
}

/** Sends one request and resolves with the first reply carrying its id (or no id: a protocol error). */
export function requestOverSocket(x: SocketExchange): Promise<Reply> {
  const describe = x.describe ?? describeAddress(x.address);
  return new Promise<Reply>((resolve, reject) => {
    const socket = connect(x.address);
    const lines = new LineSplitter(x.maxReplyBytes);
    let settled = false;
    const finish = (err: Error | null, reply?: Reply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(reply as Reply);
    };
    const timer = setTimeout(
      () => finish(new CiUnreachableError(`${describe} did not answer within ${x.timeoutMs} ms`, 'timeout')),
      x.timeoutMs,
    );
    socket.on('connect', () => socket.write(encodeLine(x.request)));
    socket.on('data', (chunk: Buffer) => {
      for (const event of lines.push(chunk)) {
        if (event.kind === 'too_large') {
          return finish(
            new CiUnreachableError(`${describe} sent a reply line over ${x.maxReplyBytes} bytes`, 'closed'),
          );
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(event.text);
        } catch {
          continue;
        }
        const checked = checkReply(parsed);
        const id = (parsed as { id?: unknown } | null)?.id;
        if (id !== x.request.id && id !== undefined) continue;
        if (!checked.ok) return finish(malformedReply(describe, checked.reason));
        return finish(null, checked.reply);
      }
    });
    socket.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code ?? err.message;
      finish(new CiUnreachableError(`${describe}: ${code}`, 'refused', { cause: err }));
    });
    socket.on('close', () =>
      finish(new CiUnreachableError(`${describe} closed the connection without answering`, 'closed')),
    );
  });
}

/** Sends one request and hands every reply line to onReply until the signal aborts or the CI closes. */
export function streamOverSocket(
  x: Omit<SocketExchange, 'timeoutMs'> & {
    onReply: (reply: Reply) => void;
    signal: AbortSignal;
  },
): Promise<void> {
  const describe = x.describe ?? describeAddress(x.address);
  return new Promise<void>((resolve, reject) => {
    const socket = connect(x.address);
    const lines = new LineSplitter(x.maxReplyBytes);
    const onAbort = () => socket.destroy();
    x.signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => socket.write(encodeLine(x.request)));
    socket.on('data', (chunk: Buffer) => {
      for (const event of lines.push(chunk)) {
        if (event.kind !== 'line') continue; // an oversized line is dropped, the stream goes on
        let checked: ReturnType<typeof checkReply>;
        try {
          checked = checkReply(JSON.parse(event.text));
        } catch {
          continue; // a bad line is skipped, the stream goes on
        }
        if (checked.ok) x.onReply(checked.reply);
      }
    });
    socket.on('error', (err) => {
      x.signal.removeEventListener('abort', onAbort);
      if (x.signal.aborted) resolve();
      else reject(new CiUnreachableError(`${describe}: ${err.message}`, 'refused', { cause: err }));
    });
    socket.on('close', () => {
      x.signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
