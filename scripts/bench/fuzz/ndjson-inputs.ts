// One fuzz input for the CI's socket: what one connection writes (bytes, pauses), whether it ends
// its side afterwards or just drops the connection. Line classes send one mutated request; the
// stream classes test the framing itself (huge lines, no newline, half-close, many lines in one
// write, a request cut into tiny writes, a connection dropped mid-request).
import { LINE_CLASSES, type LineClass, mutateLine } from './line-mutations';
import { type CiWorld, REQUEST_TYPES, validRequest } from './request-shapes';
import type { SeededRandom } from './seeded-random';

export const STREAM_CLASSES = [
  'long-line',
  'no-newline',
  'half-close',
  'many-lines',
  'split-writes',
  'abrupt-close',
] as const;
export type StreamClass = (typeof STREAM_CLASSES)[number];

/** Every per-connection class. */
export const INPUT_CLASSES = [...LINE_CLASSES, ...STREAM_CLASSES] as const;
export type InputClass = LineClass | StreamClass;

/** What one connection does. */
export interface NdjsonInput {
  cls: InputClass;
  /** Written in order; a number is a pause of that many ms. */
  writes: Array<Buffer | number>;
  /** End our side after the writes (the CI still owes its replies). */
  halfClose: boolean;
  /** Destroy the connection after the writes: no reply is owed. */
  abandon: boolean;
}

const NL = Buffer.from('\n');
const line = (o: object) => Buffer.from(`${JSON.stringify(o)}\n`);

// Requests that answer at once without touching services or recipes, for the framing classes.
const CHEAP: Array<'ping' | 'status' | 'health' | 'info' | 'parse' | 'catalogue'> = [
  'ping',
  'status',
  'health',
  'info',
  'parse',
  'catalogue',
];

function streamInput(cls: StreamClass, world: CiWorld, rnd: SeededRandom): NdjsonInput {
  const plain = { cls, halfClose: false, abandon: false };
  switch (cls) {
    case 'long-line': {
      // 64 KiB + 1 up to 32 MiB, the bigger ones rarer; then a ping that must still be answered.
      const size = rnd.pick([65_537, 65_537, 200_000, 1 << 20, 4 << 20, 8 << 20, 32 << 20]);
      const head = Buffer.from('{"type":"chat","content":"');
      const body = Buffer.alloc(size, rnd.pick(['a', 'é', ' ']));
      return { ...plain, writes: [head, body, Buffer.from('"}\n'), line({ type: 'ping', id: 'after' })] };
    }
    case 'no-newline':
      return {
        ...plain,
        halfClose: true,
        writes: [Buffer.from(JSON.stringify(validRequest(rnd.pick(CHEAP), world, rnd)))],
      };
    case 'half-close':
      return {
        ...plain,
        halfClose: true,
        writes: [line(validRequest(rnd.pick(REQUEST_TYPES.filter((t) => t !== 'events')), world, rnd))],
      };
    case 'many-lines': {
      const count = rnd.pick([10, 100, 1000, 3000]);
      const lines = Array.from({ length: count }, (_, i) =>
        line({ ...validRequest(rnd.pick(CHEAP), world, rnd), id: i }),
      );
      return { ...plain, writes: [Buffer.concat(lines)] };
    }
    case 'split-writes': {
      const whole = line(validRequest(rnd.pick(CHEAP), world, rnd));
      // Cut anywhere, multi-byte characters included, with short pauses: the CI must reassemble.
      const writes: Array<Buffer | number> = [];
      for (let at = 0; at < whole.length; ) {
        const n = rnd.int(1, 3);
        writes.push(whole.subarray(at, at + n));
        if (rnd.chance(0.1)) writes.push(rnd.int(1, 5));
        at += n;
      }
      return { ...plain, writes };
    }
    case 'abrupt-close': {
      const whole = line(validRequest(rnd.pick(REQUEST_TYPES), world, rnd));
      return { ...plain, abandon: true, writes: [whole.subarray(0, rnd.int(0, whole.length))] };
    }
  }
}

/** One input of `cls`. */
export function makeInput(cls: InputClass, world: CiWorld, rnd: SeededRandom): NdjsonInput {
  if ((STREAM_CLASSES as readonly string[]).includes(cls)) return streamInput(cls as StreamClass, world, rnd);
  return { cls, writes: [mutateLine(cls as LineClass, world, rnd), NL], halfClose: false, abandon: false };
}
