// The CI's socket server: NDJSON over a Unix socket (mode 0666, token required for all but ping)
// and optionally TCP (token required). Bad input gets an error reply and the connection stays
// usable; nothing a client sends can crash the CI.
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import { LineSplitter, MAX_LINE_BYTES, type Reply } from '../../protocol';
import type { CiCore } from './core';
import { dispatch, errorBody } from './dispatch';
import { tokenMatches } from './token';
import { validateRequest } from './validate';

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

// A client that stops reading must not make the CI buffer without bound.
const MAX_PENDING_WRITE = 4 * 1024 * 1024;
/** Open connections served at once; more are refused with an error line. */
export const MAX_CLIENTS = 512;

/** Starts listening; resolves with a close function once every listener is up. */
export async function startServer(opts: ServerOptions): Promise<{ close: () => Promise<void>; clients: () => number }> {
  const sockets = new Set<Socket>();
  const onConnection = (socket: Socket) => serveConnection(socket, opts, sockets);
  const servers: Server[] = [];
  mkdirSync(dirname(opts.socketPath), { recursive: true });
  rmSync(opts.socketPath, { force: true });
  const unix = createServer(onConnection);
  await listen(unix, () => unix.listen(opts.socketPath));
  chmodSync(opts.socketPath, 0o666);
  servers.push(unix);
  if (opts.tcpPort) {
    const tcp = createServer(onConnection);
    await listen(tcp, () => tcp.listen(opts.tcpPort!, opts.tcpHost ?? '0.0.0.0'));
    servers.push(tcp);
  }
  return {
    clients: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
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

function serveConnection(socket: Socket, opts: ServerOptions, sockets: Set<Socket>): void {
  if (sockets.size >= MAX_CLIENTS) {
    // A runaway client must not use up the CI's file descriptors.
    socket.end(
      `${JSON.stringify({
        type: 'error',
        code: 'refused',
        message: `too many connections (limit ${MAX_CLIENTS}); close idle ones and retry`,
        ai_id: opts.core.ciName,
      })}\n`,
    );
    return;
  }
  sockets.add(socket);
  const splitter = new LineSplitter(MAX_LINE_BYTES);
  const unsubscribers: Array<() => void> = [];
  let queue = Promise.resolve();
  const send = (id: string | number | undefined, body: object) => {
    if (socket.destroyed) return;
    if (socket.writableLength > MAX_PENDING_WRITE) {
      socket.destroy();
      return;
    }
    const reply = { ...body, ...(id !== undefined ? { id } : {}), ai_id: opts.core.ciName } as Reply;
    socket.write(`${JSON.stringify(reply)}\n`);
  };
  const handleLine = async (text: string) => {
    if (!text.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return send(
        undefined,
        errorBody(
          'bad_json',
          `line is not valid JSON (${Math.min(text.length, 99999)} chars); send one JSON object per line`,
        ),
      );
    }
    const rawId = (value as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'string' || typeof rawId === 'number' ? rawId : undefined;
    const v = validateRequest(value);
    if (!v.ok) return send(id, errorBody(v.code, v.message));
    const req = v.request;
    if (req.type !== 'ping' && !tokenMatches(opts.token, req.token)) {
      return send(
        id,
        errorBody(
          'unauthorized',
          `${req.type} needs the CI token: pass "token" (from TEKTON_CI_TOKEN or /run/tekton-ci/token)`,
        ),
      );
    }
    if (req.type === 'events') {
      unsubscribers.push(opts.core.subscribe((event) => send(id, { type: 'event', event })));
      return;
    }
    try {
      send(id, await dispatch(req, opts.core, sockets.size));
    } catch (err) {
      const e = err as Error & { code?: string };
      if (e.code === 'not_found') return send(id, errorBody('not_found', e.message));
      opts.log?.(`request ${req.type} failed: ${e.stack ?? e.message}`);
      send(id, errorBody('internal', `${req.type} failed inside the CI: ${e.message}`));
    }
  };
  socket.on('data', (chunk) => {
    for (const ev of splitter.push(chunk)) {
      if (ev.kind === 'too_large')
        send(
          undefined,
          errorBody('too_large', `line exceeds ${MAX_LINE_BYTES} bytes and was discarded; send smaller requests`),
        );
      // One request at a time per connection, so replies keep the order of requests.
      else queue = queue.then(() => handleLine(ev.text)).catch(() => undefined);
    }
  });
  const cleanup = () => {
    sockets.delete(socket);
    unsubscribers.forEach((u) => u());
  };
  socket.on('close', cleanup);
  socket.on('error', () => socket.destroy());
}
