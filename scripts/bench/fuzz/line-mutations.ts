// Structure-aware mutations of one request line: start from a valid request of a type the protocol
// defines, then break one thing about it the way a buggy or hostile client would (a field of the
// wrong type, missing or extra fields, huge strings and numbers, deep nesting, odd Unicode, control
// characters, bytes that are not UTF-8, text that is not JSON). The line is built as bytes, so a
// mutation can put there what JSON.stringify never writes.
import type { RequestType } from '../../../protocol';
import { type CiWorld, REQUEST_FIELDS, REQUEST_TYPES, validRequest } from './request-shapes';
import type { SeededRandom } from './seeded-random';

/** The line-level classes, each one way of breaking a request. */
export const LINE_CLASSES = [
  'valid',
  'wrong-type',
  'missing-field',
  'extra-field',
  'huge-string',
  'huge-number',
  'deep-nesting',
  'unicode',
  'control-chars',
  'invalid-utf8',
  'not-json',
  'token',
] as const;
export type LineClass = (typeof LINE_CLASSES)[number];

// A request as ordered [key, raw JSON value] pairs: duplicate keys and raw bytes stay possible.
type Entries = Array<[string, Buffer]>;

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const entriesOf = (o: Record<string, unknown>): Entries => Object.entries(o).map(([k, v]) => [k, json(v)]);
const encode = (e: Entries) =>
  Buffer.concat([
    Buffer.from('{'),
    ...e.flatMap(([k, v], i) => [Buffer.from(`${i ? ',' : ''}${JSON.stringify(k)}:`), v]),
    Buffer.from('}'),
  ]);

const OTHER_VALUES: unknown[] = [0, -1, 1.5, true, false, null, [], {}, [1, 'a'], { a: 1 }, 'text', ''];
const RAW_NUMBERS = [
  '1e308',
  '-1e308',
  '1e999',
  '-1e999',
  '9007199254740993',
  '123456789012345678901234567890123456789',
  '-0',
  '1e-400',
  '4294967296',
  '-1',
  '100001',
  '0.5',
  '0x10',
  'NaN',
  'Infinity',
  '1_000',
  '01',
  '.5',
];
const UNICODE = [
  '😀🔥',
  'e\u0301',
  '\u202eevil\u202c',
  '\u200b',
  '\ufeff',
  '\u2028\u2029',
  '\ud800',
  '\udfff\ud800',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'ｓｔａｔｕｓ',
  'ѕtatus',
  'ı',
  'ﬁ',
  '\u0085',
  '\uffff\ufffe',
  '中文字符',
];
const CONTROLS = [
  '\u0000',
  '\u001b[2J\u001b[31m',
  '\r\n',
  '\b\f',
  '\u0007',
  '\u007f',
  '\u009b31m',
  '\n{"type":"ping"}',
];
const BAD_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
];
const NOT_JSON = [
  '{',
  '}',
  '[]',
  'null',
  'true',
  '1',
  '"ping"',
  '{"type":"ping"',
  '{"type":"ping"}}',
  '{"type":"ping",}',
  "{'type':'ping'}",
  '{type:ping}',
  '\ufeff{"type":"ping"}',
  '{"type":"ping"} {"type":"ping"}',
  '/*c*/{"type":"ping"}',
  '{"type":"ping"}\u0000',
  '[{"type":"ping"}]',
  '{"type":["ping"]}',
];

function fieldsOf(type: RequestType): string[] {
  return ['type', 'id', 'token', ...Object.keys(REQUEST_FIELDS[type])];
}

function setField(e: Entries, key: string, value: Buffer): void {
  const at = e.findIndex(([k]) => k === key);
  if (at >= 0) e[at] = [key, value];
  else e.push([key, value]);
}

// A string field of the request (the ones a mutation of text content goes to).
function textField(type: RequestType, rnd: SeededRandom): string {
  const texts = Object.entries(REQUEST_FIELDS[type])
    .filter(([, s]) => ['chat-text', 'text', 'service', 'recipe', 'source'].includes(s.kind))
    .map(([k]) => k);
  return rnd.pick([...texts, ...texts, 'token', 'id', 'type', 'extra']);
}

function deep(rnd: SeededRandom): Buffer {
  const depth = rnd.pick([100, 1000, 5000, 20000, 32000]);
  return rnd.chance(0.5)
    ? Buffer.from(`${'['.repeat(depth)}1${']'.repeat(depth)}`)
    : Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
}

function hugeString(rnd: SeededRandom): string {
  const length = rnd.pick([1000, 4096, 4097, 20000, 60000, 70000]);
  const unit = rnd.pick(['a', 'é', '😀', '\\', '"', ' ']);
  return unit.repeat(Math.ceil(length / unit.length));
}

function withBytes(text: string, rnd: SeededRandom): Buffer {
  const at = rnd.int(0, text.length);
  return Buffer.concat([
    Buffer.from(`"${text.slice(0, at)}`),
    Buffer.from(rnd.pick(BAD_UTF8)),
    Buffer.from(`${text.slice(at)}"`),
  ]);
}

/** One mutated request line (no newline) of `cls`, from a valid request of a random type. */
export function mutateLine(cls: LineClass, world: CiWorld, rnd: SeededRandom): Buffer {
  const type = rnd.pick(REQUEST_TYPES);
  const base = validRequest(type, world, rnd);
  const e = entriesOf(base);
  switch (cls) {
    case 'valid':
      break;
    case 'wrong-type': {
      const key = rnd.pick(fieldsOf(type));
      const current = JSON.stringify(base[key]);
      const other = OTHER_VALUES.filter((v) => JSON.stringify(v) !== current);
      setField(e, key, json(rnd.pick(other)));
      break;
    }
    case 'missing-field': {
      if (rnd.chance(0.1)) return Buffer.from('{}');
      const key = rnd.pick(fieldsOf(type));
      return encode(e.filter(([k]) => k !== key));
    }
    case 'extra-field': {
      const names = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'then', 'ai_id', 'type'];
      const count = rnd.pick([1, 3, 50, 2000]);
      for (let i = 0; i < count; i++) {
        const k = rnd.chance(0.5) ? rnd.pick(names) : `x${rnd.int(0, 1e6)}`;
        // A literal `__proto__` key in the JSON text: JSON.parse makes it an own property, a careless
        // merge (Object.assign, spread into a prototype) would not.
        e.push([k, rnd.chance(0.2) ? Buffer.from('{"__proto__":{"polluted":true}}') : json(rnd.pick(OTHER_VALUES))]);
      }
      break;
    }
    case 'huge-string':
      setField(e, textField(type, rnd), json(hugeString(rnd)));
      break;
    case 'huge-number':
      setField(
        e,
        rnd.pick(['id', 'lines', 'params', 'dry_run', ...fieldsOf(type)]),
        Buffer.from(rnd.pick(RAW_NUMBERS)),
      );
      break;
    case 'deep-nesting':
      setField(e, rnd.pick(['params', 'content', 'id', 'token', 'sender', 'service', 'type', 'x']), deep(rnd));
      break;
    case 'unicode': {
      const key = textField(type, rnd);
      const s = String(base[key] ?? '');
      setField(e, key, json(rnd.chance(0.3) ? rnd.pick(UNICODE) : `${s}${rnd.pick(UNICODE)}${s}`));
      if (rnd.chance(0.2)) e.push([rnd.pick(UNICODE), json(1)]);
      break;
    }
    case 'control-chars': {
      const key = textField(type, rnd);
      const text = `${String(base[key] ?? '')}${rnd.pick(CONTROLS)}`;
      // Escaped (valid JSON) or raw in the line (JSON forbids raw controls in strings).
      if (rnd.chance(0.6)) setField(e, key, json(text));
      else return Buffer.concat([encode(e).subarray(0, -1), Buffer.from(`,"raw":"${text.replace(/\n/g, ' ')}"}`)]);
      break;
    }
    case 'invalid-utf8': {
      const key = textField(type, rnd);
      setField(e, key, withBytes(String(base[key] ?? 'x'), rnd));
      break;
    }
    case 'not-json':
      return rnd.chance(0.8)
        ? Buffer.from(rnd.pick(NOT_JSON))
        : Buffer.from(rnd.bytes(rnd.int(1, 300)).filter((b) => b !== 0x0a));
    case 'token':
      setField(
        e,
        'token',
        json(
          rnd.pick([
            '',
            `${world.token} `,
            world.token.toUpperCase(),
            world.token.slice(1),
            `${world.token}\u0000`,
            'x'.repeat(10_000),
            world.token.replace(/./, '\u0430'),
          ]),
        ),
      );
      if (rnd.chance(0.2)) return encode(e.filter(([k]) => k !== 'token'));
      break;
  }
  return encode(e);
}
