// One client connection of the CI's server: lines in, one reply per line out, in order. Replies are
// written only as fast as the client reads them (a client that pipelines thousands of requests is
// served, not cut), a client that reads nothing at all is cut after a while, a client that ends its
// side still gets every reply it is owed (and its last line is read even without a newline), and a
// connection receives events once however often it asks. Findings of the fuzzing benchmark
// (docs/benchmarks.md, "Security: fuzzing").
import type { Socket } from 'node:net';
import { LineSplitter, MAX_LINE_BYTES, type Reply } from '../../protocol';
import type { CiCore } from './core';
import { dispatch, errorBody } from './dispatch';
import { tokenMatches } from './token';
import { validateRequest } from './validate';

/** Replies waiting for the client above which the next request waits until it reads. */
export const HIGH_WATER_BYTES = 256 * 1024;
// An event stream whose client stops reading must not make the CI buffer without bound.
const MAX_PENDING_WRITE = 4 * 1024 * 1024;
/** Lines (or bytes of lines) read but not yet answered above which the CI stops reading from the client. */
export const MAX_QUEUED_LINES = 256;
const MAX_QUEUED_BYTES = 256 * 1024;
/** How long replies may wait for a client that reads nothing before it is cut. */
export const STALL_MS = 30_000;

/** What a connection needs of its server. */
export interface ConnectionContext {
  token: string;
  core: CiCore;
  /** Open connections now (health replies report it). */
  clients: () => number;
  log?: (line: string) => void;
}

type Queued = { kind: 'line'; text: string } | { kind: 'too_large' };
const sizeOf = (q: Queued) => (q.kind === 'line' ? q.text.length : 0);

/** A served connection. */
export class Connection {
  private readonly splitter = new LineSplitter(MAX_LINE_BYTES);
  private readonly queue: Queued[] = [];
  private queuedBytes = 0;
  private working = false;
  private ended = false;
  private unsubscribe: (() => void) | null = null;
  /** When it last completed a request (or connected). */
  lastActivity = Date.now();

  constructor(
    readonly socket: Socket,
    private readonly ctx: ConnectionContext,
  ) {
    socket.on('data', (chunk: Buffer) => {
      for (const ev of this.splitter.push(chunk)) this.enqueue(ev.kind === 'line' ? ev : { kind: 'too_large' });
    });
    socket.on('end', () => {
      // The client has sent everything: its last line counts even without a newline.
      for (const ev of this.splitter.flush()) if (ev.kind === 'line') this.enqueue(ev);
      this.ended = true;
      void this.work();
    });
    socket.on('close', () => {
      this.unsubscribe?.();
      this.unsubscribe = null;
    });
    socket.on('error', () => socket.destroy());
  }

  /** Reading, answering or streaming events: not to be closed to make room. */
  get busy(): boolean {
    return this.working || this.queue.length > 0 || this.unsubscribe !== null;
  }

  /** Closes the connection with an error line saying why. */
  evict(message: string): void {
    // Nothing more it sends is read or answered.
    this.queue.length = 0;
    this.socket.removeAllListeners('data');
    this.socket.on('data', () => undefined);
    this.send(undefined, errorBody('refused', message));
    closeAfterLastWord(this.socket);
  }

  private enqueue(item: Queued): void {
    this.queue.push(item);
    this.queuedBytes += sizeOf(item);
    // Read no further until the CI has caught up: the lines already read are the only ones held.
    if (this.queue.length >= MAX_QUEUED_LINES || this.queuedBytes >= MAX_QUEUED_BYTES) this.socket.pause();
    void this.work();
  }

  // One request at a time per connection, so replies keep the order of requests.
  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      while (this.queue.length && !this.socket.destroyed) {
        const item = this.queue.shift()!;
        this.queuedBytes -= sizeOf(item);
        if (
          this.socket.isPaused() &&
          this.queue.length < MAX_QUEUED_LINES / 4 &&
          this.queuedBytes < MAX_QUEUED_BYTES / 4
        )
          this.socket.resume();
        if (!(await this.roomToWrite())) return;
        if (item.kind === 'too_large')
          this.send(
            undefined,
            errorBody('too_large', `line exceeds ${MAX_LINE_BYTES} bytes and was discarded; send smaller requests`),
          );
        else await this.answer(item.text).catch(() => undefined);
        this.lastActivity = Date.now();
      }
    } finally {
      this.working = false;
    }
    // Everything owed is written: a client that ended its side is done (an event stream too, as
    // before half-open connections: otherwise a client gone for good would hold it).
    if (this.ended && !this.socket.destroyed && !this.queue.length) {
      this.unsubscribe?.();
      this.unsubscribe = null;
      this.socket.end();
    }
  }

  // Waits until the client has read most of what it was sent; cuts a client that reads nothing.
  private roomToWrite(): Promise<boolean> {
    if (this.socket.writableLength <= HIGH_WATER_BYTES) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.socket.off('drain', onDrain);
        this.socket.off('close', onClose);
        if (!ok) this.socket.destroy();
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => done(false), STALL_MS);
      this.socket.on('drain', onDrain);
      this.socket.on('close', onClose);
    });
  }

  private send(id: string | number | undefined, body: object): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (this.socket.writableLength > MAX_PENDING_WRITE) {
      this.socket.destroy();
      return;
    }
    const reply = { ...body, ...(id !== undefined ? { id } : {}), ai_id: this.ctx.core.ciName } as Reply;
    this.socket.write(`${JSON.stringify(reply)}\n`);
  }

  private async answer(text: string): Promise<void> {
    if (!text.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return this.send(
        undefined,
        errorBody(
          'bad_json',
          `line is not valid JSON (${Math.min(text.length, 99999)} chars); send one JSON object per line`,
        ),
      );
    }
    const rawId = (value as { id?: unknown } | null)?.id;
    // A number that JSON.parse made Infinity (1e999) would be echoed as null: not the request's id.
    const id = typeof rawId === 'string' || (typeof rawId === 'number' && Number.isFinite(rawId)) ? rawId : undefined;
    const v = validateRequest(value);
    if (!v.ok) return this.send(id, errorBody(v.code, v.message));
    const req = v.request;
    if (req.type !== 'ping' && !tokenMatches(this.ctx.token, req.token)) {
      return this.send(
        id,
        errorBody(
          'unauthorized',
          `${req.type} needs the CI token: pass "token" (from TEKTON_CI_TOKEN or /run/tekton-ci/token)`,
        ),
      );
    }
    if (req.type === 'events') {
      if (this.unsubscribe)
        return this.send(id, errorBody('bad_request', 'this connection already receives events; ask once'));
      this.unsubscribe = this.ctx.core.subscribe((event) => this.send(id, { type: 'event', event }));
      return;
    }
    try {
      this.send(id, await dispatch(req, this.ctx.core, this.ctx.clients()));
    } catch (err) {
      const e = err as Error & { code?: string };
      if (e.code === 'not_found') return this.send(id, errorBody('not_found', e.message));
      this.ctx.log?.(`request ${req.type} failed: ${e.stack ?? e.message}`);
      this.send(id, errorBody('internal', `${req.type} failed inside the CI: ${e.message}`));
    }
  }
}

/**
 * Ends our side after a last line, then destroys the socket a second later: long enough for the
 * client to read that line (destroying at once may reset the connection before it does), short
 * enough that a client which never closes its side holds nothing.
 */
export function closeAfterLastWord(socket: Socket, graceMs = 1000): void {
  socket.end();
  setTimeout(() => socket.destroy(), graceMs).unref();
}
