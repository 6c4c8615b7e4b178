import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../ci-runtime/server/validate';

describe('request validation', () => {
  it('accepts every request type of the protocol', () => {
    for (const r of [
      { type: 'ping' },
      { type: 'health' },
      { type: 'info' },
      { type: 'status' },
      { type: 'services' },
      { type: 'recipes' },
      { type: 'events' },
      { type: 'chat', content: 'hi', confirm: 'x', sender: 'me' },
      { type: 'parse', content: 'hi' },
      { type: 'run', recipe: 'clear-cache', params: { a: 1 }, dry_run: true },
      { type: 'logs', service: 'redis', lines: 5 },
      { type: 'audit', lines: 3 },
      { type: 'recipe_add', source: 'module.exports = {}' },
    ])
      expect(validateRequest(r).ok, r.type).toBe(true);
  });

  it('names the bad field or type', () => {
    expect(validateRequest(null)).toMatchObject({ ok: false, code: 'bad_request' });
    expect(validateRequest([1])).toMatchObject({ ok: false, code: 'bad_request' });
    expect(validateRequest({ type: 'nuke' })).toMatchObject({
      ok: false,
      code: 'unknown_type',
      message: expect.stringContaining("'nuke'"),
    });
    expect(validateRequest({ type: 'chat' })).toMatchObject({ ok: false, message: 'chat: "content" must be a string' });
    expect(validateRequest({ type: 'logs', lines: 1.5 })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(validateRequest({ type: 'run', recipe: 'x', params: [1] })).toMatchObject({
      ok: false,
      message: 'run: "params" must be an object',
    });
    expect(validateRequest({ type: 'ping', id: { x: 1 } })).toMatchObject({ ok: false, code: 'bad_request' });
    // JSON.parse('1e999') is Infinity: a reply would echo it as null (bench:fuzz).
    for (const id of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN])
      expect(validateRequest({ type: 'ping', id })).toMatchObject({ ok: false, message: /finite number/ });
    expect(validateRequest({ type: 'ping', id: 1e308 }).ok).toBe(true);
    // `sender` of a run reaches the audit log: text only, as for chat, control and recipe_add.
    expect(validateRequest({ type: 'run', recipe: 'x', sender: [[1]] })).toMatchObject({
      ok: false,
      message: 'run: "sender" must be a string',
    });
    expect(validateRequest({ type: 'recipe_add', source: '' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('"source"'),
    });
  });
});
