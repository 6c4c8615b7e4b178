import { describe, it, expect } from 'vitest';

describe('ergon family claims', () => {
  it("claims only its own subcommands, so free text reaches Tekton's Ergon CI", async () => {
    const { ergonFamily } = await import('../../../plugin/ergon/family');
    expect(ergonFamily.claims!(['run', 'x'])).toBe(true);
    expect(ergonFamily.claims!(['list'])).toBe(true);
    expect(ergonFamily.claims!(['what', 'is', 'running?'])).toBe(false);
    expect(ergonFamily.claims!(['deploy the shop please'])).toBe(false);
  });
});
