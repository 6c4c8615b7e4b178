// The replies the protocol owes for the bytes a client sent (pure): one per complete line that is
// not blank, in order (a line past MAX_LINE_BYTES gets one `too_large`); an `events` request may
// instead start a stream; and the last line, sent without a newline before the client ended its
// side, is a line too (the splitter's flush: `printf '{"type":"ping"}' | nc -U ci.sock`).
import { MAX_LINE_BYTES } from '../../../protocol';
import type { Asked } from './reply-shape';

/** One reply the CI owes. */
export interface ExpectedReply {
  asked: Asked;
  /** An `events` request: a stream, not one reply. */
  optional: boolean;
  tooLarge: boolean;
  /** The line had no newline and the client half-closed after it. */
  atEof: boolean;
}

/** What the line asked, read the way the server reads it; `token` is the CI's. */
export function askedOf(text: string, token: string): Asked {
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const r = v as Record<string, unknown>;
    return {
      ...(typeof r.type === 'string' ? { type: r.type } : {}),
      tokenOk: r.token === token,
      // An id JSON reads as Infinity (1e999) is no id a reply can echo: the CI refuses it.
      ...(typeof r.id === 'string' || (typeof r.id === 'number' && Number.isFinite(r.id)) ? { id: r.id } : {}),
    };
  } catch {
    return {};
  }
}

function lineReply(line: Buffer, atEof: boolean, token: string): ExpectedReply | null {
  if (line.length > MAX_LINE_BYTES) return { asked: {}, optional: false, tooLarge: true, atEof };
  const text = line.toString('utf8').replace(/\r$/, '');
  if (!text.trim()) return null;
  const asked = askedOf(text, token);
  return { asked, optional: asked.type === 'events', tooLarge: false, atEof };
}

/** The replies owed for `bytes`, in order; `halfClose` says the client ended its side after them. */
export function expectedReplies(bytes: Buffer, halfClose: boolean, token: string): ExpectedReply[] {
  const out: ExpectedReply[] = [];
  let start = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, start);
    if (nl < 0) break;
    const r = lineReply(bytes.subarray(start, nl), false, token);
    if (r) out.push(r);
    start = nl + 1;
  }
  if (halfClose && start < bytes.length) {
    const r = lineReply(bytes.subarray(start), true, token);
    if (r) out.push(r);
  }
  return out;
}
