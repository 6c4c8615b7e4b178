import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../protocol';

describe('line splitter', () => {
  it('splits lines across chunks', () => {
    const s = new LineSplitter(100);
    expect(s.push(Buffer.from('{"a":'))).toEqual([]);
    expect(s.push(Buffer.from('1}\n{"b":2}\r\n{"c"'))).toEqual([
      { kind: 'line', text: '{"a":1}' },
      { kind: 'line', text: '{"b":2}' },
    ]);
    expect(s.push(Buffer.from(':3}\n'))).toEqual([{ kind: 'line', text: '{"c":3}' }]);
  });

  it('reports an oversized line at once, drops the rest of it, and carries on', () => {
    const s = new LineSplitter(10);
    expect(s.push(Buffer.from('x'.repeat(11)))).toEqual([{ kind: 'too_large', bytes: 11 }]);
    expect(s.push(Buffer.from('y'.repeat(50)))).toEqual([]);
    expect(s.push(Buffer.from('zz\nok\n'))).toEqual([{ kind: 'line', text: 'ok' }]);
  });

  it('keeps multi-byte characters that straddle two chunks whole', () => {
    const s = new LineSplitter(100);
    const bytes = Buffer.from('→ ok\n');
    expect(s.push(bytes.subarray(0, 1))).toEqual([]);
    expect(s.push(bytes.subarray(1))).toEqual([{ kind: 'line', text: '→ ok' }]);
  });

  it('flush hands over a last line without a newline, once, and nothing for a dropped one', () => {
    const s = new LineSplitter(10);
    expect(s.push(Buffer.from('a\nlast'))).toEqual([{ kind: 'line', text: 'a' }]);
    expect(s.flush()).toEqual([{ kind: 'line', text: 'last' }]);
    expect(s.flush()).toEqual([]);
    expect(s.push(Buffer.from('x'.repeat(12)))).toEqual([{ kind: 'too_large', bytes: 12 }]);
    expect(s.flush()).toEqual([]);
    expect(s.push(Buffer.from('next\n'))).toEqual([{ kind: 'line', text: 'next' }]);
  });
});
