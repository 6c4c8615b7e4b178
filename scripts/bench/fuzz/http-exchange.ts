// One HTTP request written by hand on a raw connection to 127.0.0.1 (so a request may carry what
// Node's client refuses to send: any method, a missing or doubled Host, bytes that are not UTF-8,
// a Content-Length that lies, a body that trickles in), and the status line of the answer.
import { connect } from 'node:net';

/** What to send. */
export interface HttpAsk {
  method: string;
  /** The request target as sent (already encoded, or deliberately not). */
  path: string;
  /** Header lines in order (duplicates allowed); Host is not added for you. */
  headers: Array<[string, string]>;
  /** The body, in writes; a number is a pause of that many ms. Content-Length is set to its size unless given. */
  body?: Array<Buffer | number>;
}

/** What came back. */
export interface HttpAnswer {
  /** Null when no status line came. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  timedOut: boolean;
  /** The server closed or reset the connection before a status line. */
  closedEarly: boolean;
  /** It did so while the body was still being sent (a server answering early, e.g. 413, then
   * closing, resets a connection that still has bytes in flight: the answer may be lost with it). */
  cutWhileSending: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The request's bytes up to the body. */
export function requestHead(ask: HttpAsk, bodyBytes: number): Buffer {
  const lines = [`${ask.method} ${ask.path} HTTP/1.1`, ...ask.headers.map(([k, v]) => `${k}: ${v}`)];
  const names = new Set(ask.headers.map(([k]) => k.toLowerCase()));
  if (!names.has('connection')) lines.push('Connection: close');
  if (ask.body && !names.has('content-length') && !names.has('transfer-encoding'))
    lines.push(`Content-Length: ${bodyBytes}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Sends `ask` to 127.0.0.1:`port`; an event stream is cut once its first bytes came. */
export function httpExchange(port: number, ask: HttpAsk, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let done = false;
    let sending = true;
    const finish = (timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const headEnd = text.indexOf('\r\n\r\n');
      const headers: Record<string, string> = {};
      for (const line of text
        .slice(0, headEnd < 0 ? text.length : headEnd)
        .split('\r\n')
        .slice(1)) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      resolve({
        status: m ? Number(m[1]) : null,
        headers,
        body: headEnd < 0 ? '' : Buffer.from(text.slice(headEnd + 4), 'latin1').toString('utf8'),
        timedOut: timedOut && !m,
        closedEarly: !timedOut && !m,
        cutWhileSending: !timedOut && !m && sending,
      });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('latin1');
      // An event stream never ends: its status line and first event are the answer.
      if (/\r\ncontent-type: text\/event-stream/i.test(text) && /\r\n\r\n[\s\S]*\n\n/.test(text)) finish(false);
    });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('connect', async () => {
      const body = ask.body ?? [];
      const size = body.reduce<number>((n, w) => n + (typeof w === 'number' ? 0 : w.length), 0);
      socket.write(requestHead(ask, size));
      for (const w of body) {
        if (done) return;
        if (typeof w === 'number') await sleep(w);
        else if (!socket.write(w))
          await new Promise((r) => {
            socket.once('drain', r);
            socket.once('close', r);
          });
      }
      sending = false;
    });
  });
}
