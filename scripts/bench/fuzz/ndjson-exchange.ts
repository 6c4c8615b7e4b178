// Plays one fuzz input on a raw connection to the CI's socket and collects what comes back: the
// reply lines, and how the connection ended (we closed it once every owed reply came, the CI closed
// it first, or nothing came within the bound). A raw socket, not the host's transport, so the
// fuzzer can send what no client of ours would.
import { createConnection } from 'node:net';
import { LineSplitter } from '../../../protocol';
import type { NdjsonInput } from './ndjson-inputs';

/** How one exchange went. */
export interface Exchange {
  replies: string[];
  /** The CI closed (or reset) the connection before every owed reply came. */
  closedByCi: boolean;
  /** Not every owed reply came within the bound. */
  timedOut: boolean;
  /** Writing failed (the CI had closed the connection while we were still sending). */
  writeError: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Plays `input` on `socketPath`; done when `owed` replies came (then `graceMs` more for extra ones),
 * when the CI closes, or after `timeoutMs`.
 */
export function playInput(
  socketPath: string,
  input: NdjsonInput,
  owed: number,
  { timeoutMs, graceMs }: { timeoutMs: number; graceMs: number },
): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = createConnection({ path: socketPath, allowHalfOpen: true });
    const lines = new LineSplitter(64 * 1024 * 1024);
    const replies: string[] = [];
    let writeError: string | null = null;
    let done = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (how: { closedByCi?: boolean; timedOut?: boolean }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(grace);
      socket.destroy();
      const complete = replies.length >= owed;
      resolve({
        replies,
        closedByCi: !complete && how.closedByCi === true,
        timedOut: !complete && how.timedOut === true,
        writeError,
      });
    };
    const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      for (const ev of lines.push(chunk)) {
        replies.push(ev.kind === 'line' ? ev.text : `<a reply line of ${ev.bytes} bytes>`);
        if (replies.length >= owed && !grace && !input.abandon) grace = setTimeout(() => finish({}), graceMs);
      }
    });
    socket.on('end', () => {
      for (const ev of lines.flush()) if (ev.kind === 'line') replies.push(ev.text);
      finish({ closedByCi: true });
    });
    socket.on('error', (err) => {
      if (!writeError) writeError = (err as NodeJS.ErrnoException).code ?? err.message;
      finish({ closedByCi: true });
    });
    socket.on('close', () => finish({ closedByCi: true }));
    socket.once('connect', async () => {
      for (const w of input.writes) {
        if (done) return;
        if (typeof w === 'number') await sleep(w);
        else if (!socket.write(w))
          await new Promise((r) => {
            socket.once('drain', r);
            socket.once('close', r);
          });
      }
      if (done) return;
      if (input.abandon) return finish({});
      if (input.halfClose) socket.end();
      if (owed === 0) grace = setTimeout(() => finish({}), graceMs);
    });
  });
}
