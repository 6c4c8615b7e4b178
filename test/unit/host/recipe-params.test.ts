import { describe, it, expect } from 'vitest';
import { parseParams } from '../../../plugin/ci/commands/talk';

describe('recipe params on the command line', () => {
  it('parses recipe params with types', () => {
    expect(parseParams(['a=1', 'b=true', 'c=x=y', 'd='])).toEqual({ a: 1, b: true, c: 'x=y', d: '' });
    expect(() => parseParams(['oops'])).toThrow(/key=value/);
  });
});
