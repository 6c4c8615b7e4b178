import { describe, expect, it } from 'vitest';
import { tokenMatches } from '../../../ci-runtime/server/token';

describe('token check', () => {
  it('matches only the exact token', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
    expect(tokenMatches('abc', 123)).toBe(false);
  });
});
