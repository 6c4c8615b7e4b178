// RESP (Redis serialisation protocol) encoding and incremental decoding, pure. Kept apart from the
// socket code so the parser can be tested with byte strings.

/** A decoded RESP value: simple/bulk strings, integers, arrays, null, or a server error. */
export type RespValue = string | number | null | RespValue[] | RespError;

/** A `-ERR ...` reply from the server, returned as a value (not thrown) by the decoder. */
export class RespError {
  constructor(readonly message: string) {}
}

/** Encodes a command as a RESP array of bulk strings. */
export function encodeCommand(args: string[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const body = Buffer.from(arg, 'utf8');
    parts.push(Buffer.from(`$${body.length}\r\n`), body, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Decodes one value from the start of `buf`; returns null when more bytes are needed. */
export function decodeValue(buf: Buffer, start = 0): { value: RespValue; end: number } | null {
  if (start >= buf.length) return null;
  const lineEnd = buf.indexOf('\r\n', start);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buf[start]!);
  const line = buf.toString('utf8', start + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RespError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, end: next };
      if (buf.length < next + len + 2) return null;
      return { value: buf.toString('utf8', next, next + len), end: next + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let pos = next;
      for (let i = 0; i < count; i++) {
        const item = decodeValue(buf, pos);
        if (!item) return null;
        items.push(item.value);
        pos = item.end;
      }
      return { value: items, end: pos };
    }
    default:
      throw new Error(`Redis reply starts with unexpected byte '${type}': not a RESP server? Check the port.`);
  }
}

/** Parses `INFO` text into a flat key → value map (section headers and blanks dropped). */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}
