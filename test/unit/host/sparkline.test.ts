import { describe, it, expect } from 'vitest';
import { sparkline } from '../../../plugin/render/sparkline';

describe('sparklines', () => {
  it('sparklines scale to the series', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, null, 5])).toBe('▁▁ ▁');
  });
});
