// BuildKit's progress through the Engine API arrives as `{"id":"moby.buildkit.trace","aux":"<base64>"}`:
// a protobuf StatusResponse (moby/buildkit api/services/control). We read only what progress and
// cache checks need: vertex digest (1), name (3), cached (4), completed (6), error (7), and log
// lines (field 3 of the response: vertex 1, data 4).

/** One build step as BuildKit reports it. */
export interface TraceVertex {
  digest: string;
  name: string;
  cached: boolean;
  completed: boolean;
  error: string | null;
}

/** What one trace message says. */
export interface TraceUpdate {
  vertexes: TraceVertex[];
  logs: Array<{ vertex: string; text: string }>;
}

/** Decodes one `aux` payload. */
export function decodeTrace(base64: string): TraceUpdate {
  const buf = Buffer.from(base64, 'base64');
  const out: TraceUpdate = { vertexes: [], logs: [] };
  for (const [field, value] of fields(buf)) {
    if (field === 1 && Buffer.isBuffer(value)) {
      const v: TraceVertex = { digest: '', name: '', cached: false, completed: false, error: null };
      for (const [f, x] of fields(value)) {
        if (f === 1 && Buffer.isBuffer(x)) v.digest = x.toString('utf8');
        else if (f === 3 && Buffer.isBuffer(x)) v.name = x.toString('utf8');
        else if (f === 4 && typeof x === 'number') v.cached = x !== 0;
        else if (f === 6) v.completed = true;
        else if (f === 7 && Buffer.isBuffer(x)) v.error = x.toString('utf8');
      }
      out.vertexes.push(v);
    } else if (field === 3 && Buffer.isBuffer(value)) {
      let vertex = '';
      let text = '';
      for (const [f, x] of fields(value)) {
        if (f === 1 && Buffer.isBuffer(x)) vertex = x.toString('utf8');
        else if (f === 4 && Buffer.isBuffer(x)) text = x.toString('utf8');
      }
      out.logs.push({ vertex, text });
    }
  }
  return out;
}

function* fields(buf: Buffer): Generator<[number, Buffer | number]> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= buf.length) throw new RangeError('truncated varint');
      const b = buf[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  };
  try {
    while (pos < buf.length) {
      const key = varint();
      const field = Math.floor(key / 8);
      const wire = key & 7;
      if (wire === 0) yield [field, varint()];
      else if (wire === 2) {
        const len = varint();
        const slice = buf.subarray(pos, pos + len);
        pos += len;
        yield [field, slice];
      } else if (wire === 1) pos += 8;
      else if (wire === 5) pos += 4;
      else return;
    }
  } catch {
    /* a malformed message ends the decode; progress is best-effort */
  }
}
