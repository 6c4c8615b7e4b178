// Splits a byte stream into lines, refusing lines longer than a limit without buffering them:
// an oversized line is reported once, as soon as it passes the limit, and its remaining bytes are dropped up to the next newline.

/** What the splitter found: a complete line, or the fact that one was too long. */
export type LineEvent = { kind: 'line'; text: string } | { kind: 'too_large'; bytes: number };

/** Stateful splitter for one connection. */
export class LineSplitter {
  private chunks: Buffer[] = [];
  private size = 0;
  private discarding = false;

  constructor(private readonly maxBytes: number) {}

  /** Feeds a chunk; returns the events it completes, in order. */
  push(chunk: Buffer): LineEvent[] {
    const out: LineEvent[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      if (this.discarding) {
        /* dropping the rest of an oversized line */
      } else if (this.size + piece.length > this.maxBytes) {
        // Report at once: a client waiting for an answer must not wait for a newline that may never come.
        this.discarding = true;
        out.push({ kind: 'too_large', bytes: this.size + piece.length });
        this.chunks = [];
        this.size = 0;
      } else {
        this.chunks.push(piece);
        this.size += piece.length;
      }
      if (nl < 0) break;
      if (!this.discarding)
        out.push({ kind: 'line', text: Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '') });
      this.chunks = [];
      this.size = 0;
      this.discarding = false;
      start = nl + 1;
    }
    return out;
  }

  /** At the end of the stream: the last line if it had no newline (empty when there is none). */
  flush(): LineEvent[] {
    const rest =
      this.discarding || this.size === 0
        ? []
        : [{ kind: 'line' as const, text: Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '') }];
    this.chunks = [];
    this.size = 0;
    this.discarding = false;
    return rest;
  }
}
