import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../protocol';
import { validateRequest } from '../../../ci-runtime/server/validate';
import { tokenMatches } from '../../../ci-runtime/server/token';

describe('line splitter', () => {
  it('splits lines across chunks', () => {
    const s = new LineSplitter(100);
    expect(s.push(Buffer.from('{"a":'))).toEqual([]);
    expect(s.push(Buffer.from('1}\n{"b":2}\r\n{"c"'))).toEqual([{ kind: 'line', text: '{"a":1}' }, { kind: 'line', text: '{"b":2}' }]);
    expect(s.push(Buffer.from(':3}\n'))).toEqual([{ kind: 'line', text: '{"c":3}' }]);
  });

  it('reports an oversized line at once, drops the rest of it, and carries on', () => {
    const s = new LineSplitter(10);
    expect(s.push(Buffer.from('x'.repeat(11)))).toEqual([{ kind: 'too_large', bytes: 11 }]);
    expect(s.push(Buffer.from('y'.repeat(50)))).toEqual([]);
    expect(s.push(Buffer.from('zz\nok\n'))).toEqual([{ kind: 'line', text: 'ok' }]);
  });
});

describe('request validation', () => {
  it('accepts every request type of the protocol', () => {
    for (const r of [
      { type: 'ping' }, { type: 'health' }, { type: 'info' }, { type: 'status' }, { type: 'services' }, { type: 'recipes' }, { type: 'events' },
      { type: 'chat', content: 'hi', confirm: 'x', sender: 'me' }, { type: 'parse', content: 'hi' },
      { type: 'run', recipe: 'clear-cache', params: { a: 1 }, dry_run: true }, { type: 'logs', service: 'redis', lines: 5 }, { type: 'audit', lines: 3 }, { type: 'recipe_add', source: 'module.exports = {}' },
    ]) expect(validateRequest(r).ok, r.type).toBe(true);
  });

  it('names the bad field or type', () => {
    expect(validateRequest(null)).toMatchObject({ ok: false, code: 'bad_request' });
    expect(validateRequest([1])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(validateRequest({ type: 'nuke' })).toMatchObject({ ok: false, code: 'unknown_type', message: expect.stringContaining("'nuke'") });
    expect(validateRequest({ type: 'chat' })).toMatchObject({ ok: false, message: 'chat: "content" must be a string' });
    expect(validateRequest({ type: 'logs', lines: 1.5 })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(validateRequest({ type: 'run', recipe: 'x', params: [1] })).toMatchObject({ ok: false, message: 'run: "params" must be an object' });
    expect(validateRequest({ type: 'ping', id: { x: 1 } })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(validateRequest({ type: 'recipe_add', source: '' })).toMatchObject({ ok: false, message: expect.stringContaining('"source"') });
  });
});

describe('token check', () => {
  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
    expect(tokenMatches('abc', 123)).toBe(false);
  });
});
