// The CI's socket server: NDJSON over a Unix socket (mode 0666, token required for all but ping)
// and optionally TCP (token required). Bad input gets an error reply and the connection stays
// usable; nothing a client sends can crash the CI (connection.ts serves each connection). At the
// connection limit the connection idle the longest makes room, so clients that connect and never
// finish a line (slowloris) cannot shut the host out.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { CiCore } from './core';
import { closeAfterLastWord, Connection } from './connection';
import { errorBody } from './dispatch';
import { pickIdlest } from './idle-connection';

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

/** Open connections served at once; past it the idlest makes room, or the newcomer is refused. */
export const MAX_CLIENTS = 512;

/** Starts listening; resolves with a close function once every listener is up. */
export async function startServer(opts: ServerOptions): Promise<{ close: () => Promise<void>; clients: () => number }> {
  const connections = new Set<Connection>();
  const onConnection = (socket: Socket) => admit(socket, opts, connections);
  const servers: Server[] = [];
  mkdirSync(dirname(opts.socketPath), { recursive: true });
  rmSync(opts.socketPath, { force: true });
  // Half-open: a client may end its side after its requests and still read the replies.
  const unix = createServer({ allowHalfOpen: true }, onConnection);
  await listen(unix, () => unix.listen(opts.socketPath));
  chmodSync(opts.socketPath, 0o666);
  servers.push(unix);
  if (opts.tcpPort) {
    const tcp = createServer({ allowHalfOpen: true }, onConnection);
    await listen(tcp, () => tcp.listen(opts.tcpPort!, opts.tcpHost ?? '0.0.0.0'));
    servers.push(tcp);
  }
  return {
    clients: () => connections.size,
    close: async () => {
      for (const c of connections) c.socket.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
}

function listen(server: Server, start: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      resolve();
    });
    start();
  });
}

function admit(socket: Socket, opts: ServerOptions, connections: Set<Connection>): void {
  if (connections.size >= MAX_CLIENTS) {
    const idlest = pickIdlest(connections);
    if (!idlest) {
      // Every connection is working for its client: a runaway client must not use up the CI's descriptors.
      socket.on('error', () => socket.destroy());
      // Read and drop what it sends, so nothing unread is left to reset the connection at close.
      socket.resume();
      socket.write(
        `${JSON.stringify({
          ...errorBody('refused', `too many connections (limit ${MAX_CLIENTS}); close idle ones and retry`),
          ai_id: opts.core.ciName,
        })}\n`,
      );
      closeAfterLastWord(socket);
      return;
    }
    connections.delete(idlest);
    idlest.evict(
      `closed to make room: the CI serves at most ${MAX_CLIENTS} connections and this one was idle the longest`,
    );
  }
  const connection = new Connection(socket, {
    token: opts.token,
    core: opts.core,
    clients: () => connections.size,
    log: opts.log,
  });
  connections.add(connection);
  socket.on('close', () => connections.delete(connection));
}
