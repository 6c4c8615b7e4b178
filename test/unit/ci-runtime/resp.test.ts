import { describe, expect, it } from 'vitest';
import { decodeValue, encodeCommand, parseInfo, RespError } from '../../../ci-runtime/clients/resp';

describe('RESP codec', () => {
  it('encodes a command as an array of bulk strings', () => {
    expect(encodeCommand(['INFO', 'memory']).toString()).toBe('*2\r\n$4\r\nINFO\r\n$6\r\nmemory\r\n');
  });

  it('decodes simple, error, integer, bulk, null and nested array replies', () => {
    expect(decodeValue(Buffer.from('+PONG\r\n'))?.value).toBe('PONG');
    expect(decodeValue(Buffer.from('-ERR nope\r\n'))?.value).toBeInstanceOf(RespError);
    expect(decodeValue(Buffer.from(':42\r\n'))?.value).toBe(42);
    expect(decodeValue(Buffer.from('$5\r\nhello\r\n'))?.value).toBe('hello');
    expect(decodeValue(Buffer.from('$-1\r\n'))?.value).toBeNull();
    expect(decodeValue(Buffer.from('*2\r\n:1\r\n*1\r\n+a\r\n'))?.value).toEqual([1, ['a']]);
  });

  it('asks for more bytes when a reply is cut in the middle', () => {
    expect(decodeValue(Buffer.from('$5\r\nhel'))).toBeNull();
    expect(decodeValue(Buffer.from('*2\r\n:1\r\n'))).toBeNull();
    expect(decodeValue(Buffer.from('+PO'))).toBeNull();
  });

  it('rejects bytes that are not RESP', () => {
    expect(() => decodeValue(Buffer.from('HTTP/1.1 400\r\n'))).toThrow(/not a RESP server/);
  });

  it('parses INFO text', () => {
    expect(parseInfo('# Memory\r\nused_memory:1024\r\nmaxmemory_policy:noeviction\r\n\r\n')).toEqual({
      used_memory: '1024',
      maxmemory_policy: 'noeviction',
    });
  });
});
