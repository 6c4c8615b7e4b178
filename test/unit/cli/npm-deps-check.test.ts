import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM without type declarations (it runs before npm install)
import { stalePackages } from '../../../scripts/npm-deps-check.mjs';

const lock = {
  packages: {
    '': { name: 'x' },
    'node_modules/a': { version: '1.0.0' },
    'node_modules/b': { version: '2.0.0' },
    'node_modules/opt': { version: '1.0.0', optional: true },
  },
};

describe('stalePackages', () => {
  it('is empty when every required package is installed at its version', () => {
    expect(
      stalePackages(lock, {
        packages: { 'node_modules/a': { version: '1.0.0' }, 'node_modules/b': { version: '2.0.0' } },
      }),
    ).toEqual([]);
  });
  it('names missing and mismatched packages, not optional ones', () => {
    expect(stalePackages(lock, { packages: { 'node_modules/a': { version: '0.9.0' } } })).toEqual(['a', 'b']);
  });
  it('treats an install without its hidden lockfile as stale, and no lockfile as nothing to check', () => {
    expect(stalePackages(lock, null)).toHaveLength(1);
    expect(stalePackages(null, null)).toEqual([]);
  });
});
