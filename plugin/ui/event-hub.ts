// Server-sent events: every open page gets each pushed update once; nothing polls. A comment line
// every 25 s keeps proxies and the browser from timing the stream out.
import type { ServerResponse } from 'node:http';
import { plainData } from '../render/plain-text';

/** The set of open event streams. */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;

  constructor(keepAliveMs = 25_000) {
    this.timer = setInterval(() => {
      for (const c of this.clients) c.write(': keep-alive\n\n');
    }, keepAliveMs);
    this.timer.unref();
  }

  /** Turns a response into an event stream until the page goes away. */
  attach(res: ServerResponse, hello: unknown): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify(plainData(hello))}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Sends one event to every open page. */
  send(event: string, data: unknown): void {
    const text = `event: ${event}\ndata: ${JSON.stringify(plainData(data))}\n\n`;
    for (const c of this.clients) c.write(text);
  }

  /** Number of open pages (tests, the startup line). */
  size(): number {
    return this.clients.size;
  }

  /** Ends every stream. */
  close(): void {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
