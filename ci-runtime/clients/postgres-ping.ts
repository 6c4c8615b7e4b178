// Postgres liveness like pg_isready: send a startup message and classify the first answer.
import { createConnection } from 'node:net';

/** pg_isready's three outcomes: accepting, rejecting (starting up / shutting down), no response. */
export type PgPing = 'accepting' | 'rejecting' | 'no_response';

/** The startup packet (protocol 3.0) for `user`/`database`. */
export function startupMessage(user = 'postgres', database = 'postgres'): Buffer {
  const body = Buffer.from(`user\0${user}\0database\0${database}\0\0`, 'utf8');
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, body]);
}

/** Classifies the server's first message (pure). */
export function classifyStartupReply(reply: Buffer): PgPing {
  const tag = String.fromCharCode(reply[0] ?? 0);
  // 'R' = an authentication request: the server accepts connections.
  if (tag === 'R') return 'accepting';
  if (tag === 'E') {
    // 57P03 cannot_connect_now (starting up, shutting down, recovery) is a rejection; any other
    // error (bad password, no such role) still proves the server accepts connections.
    return reply.includes(Buffer.from('C57P03')) ? 'rejecting' : 'accepting';
  }
  return 'no_response';
}

/** Connects to host:port and classifies the answer to a startup message. */
export function pgPing(port: number, { host = '127.0.0.1', timeoutMs = 1000 } = {}): Promise<PgPing> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (r: PgPing) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done('no_response'), timeoutMs);
    socket.on('connect', () => socket.write(startupMessage()));
    socket.once('data', (chunk) => done(classifyStartupReply(chunk)));
    socket.on('error', () => done('no_response'));
    socket.on('close', () => done('no_response'));
  });
}
