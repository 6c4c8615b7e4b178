// The JSON-lines progress stream of a push or pull. Errors arrive inside the stream as
// {"error": ...} lines under HTTP 200 (STYLE.md: never treat the end of a stream as success).
import { LineSplitter } from '../../protocol';

/** One line of an Engine progress stream. */
export interface ProgressLine {
  status?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

/** Reads a progress stream to its end; resolves its lines, rejects with the first error line's message. */
export function readProgress(stream: NodeJS.ReadableStream): Promise<ProgressLine[]> {
  return new Promise((resolve, reject) => {
    const lines: ProgressLine[] = [];
    const splitter = new LineSplitter(1 << 20);
    let failure: string | null = null;
    const take = (chunk: Buffer) => {
      for (const ev of splitter.push(chunk)) {
        if (ev.kind !== 'line' || !ev.text.trim()) continue;
        let parsed: ProgressLine;
        try {
          parsed = JSON.parse(ev.text) as ProgressLine;
        } catch {
          continue;
        }
        lines.push(parsed);
        if (parsed.error && failure === null) failure = parsed.errorDetail?.message ?? parsed.error;
      }
    };
    stream.on('data', (chunk: Buffer | string) => take(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
    stream.on('error', reject);
    stream.on('end', () => {
      take(Buffer.from('\n'));
      if (failure !== null) reject(new Error(failure));
      else resolve(lines);
    });
  });
}
