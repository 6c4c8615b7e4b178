// The terminal side of plain-text.ts: a stream a command writes to, that passes everything through
// the sanitiser on its way to the real terminal. The front-end hands commands these instead of its
// stdout and stderr, so no renderer can forget; the few sequences of our own (redrawing the monitor,
// the build's status line) go through writeControl.
import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { plainText } from './plain-text';

/** Writes plain text to `raw`; looks like it (isTTY, columns) to whoever asks. */
export class TextOnlyStream extends Writable {
  private readonly decoder = new StringDecoder('utf8');

  constructor(readonly raw: NodeJS.WritableStream) {
    super({ decodeStrings: false });
  }

  get isTTY(): boolean {
    return (this.raw as { isTTY?: boolean }).isTTY === true;
  }

  get columns(): number | undefined {
    return (this.raw as { columns?: number }).columns;
  }

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    // Bytes may end inside a character: the decoder keeps the rest for the next chunk.
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    // Passed on at once (the terminal buffers), so text and writeControl's sequences keep their order.
    if (text) this.raw.write(plainText(text));
    done();
  }
}

/** Wraps a stream once (a TextOnlyStream stays as it is). */
export function textOnly(stream: NodeJS.WritableStream): NodeJS.WritableStream {
  return stream instanceof TextOnlyStream ? stream : new TextOnlyStream(stream);
}

/** Writes one of our own terminal sequences (clear screen, rewrite the line) past the sanitiser. */
export function writeControl(stream: NodeJS.WritableStream, sequence: string): void {
  (stream instanceof TextOnlyStream ? stream.raw : stream).write(sequence);
}
