// A Unix-socket proxy in front of the real Docker socket. Taking it down and up again is, for a
// client, exactly a daemon restart (connections reset, socket refuses, then answers again), without
// restarting the shared dockerd under other engineers' running tests.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';

/** The proxy; `path` is what DOCKER_HOST=unix://<path> points at. */
export class EngineProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** Set after up() when listening on TCP (path '' means: 127.0.0.1, a free port). */
  port = 0;
  constructor(
    readonly path: string,
    private readonly target = '/var/run/docker.sock',
  ) {}

  /** Starts accepting connections. */
  async up(): Promise<void> {
    if (this.path) rmSync(this.path, { force: true });
    this.server = createServer((client) => {
      const upstream = createConnection(this.target);
      this.sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    if (this.path) await new Promise<void>((r) => this.server!.listen(this.path, () => r()));
    else {
      await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
      this.port = (this.server.address() as { port: number }).port;
    }
  }

  /** The "daemon" goes away: every connection reset, the socket gone. */
  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
    if (this.path) rmSync(this.path, { force: true });
  }
}
