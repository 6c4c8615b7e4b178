import { describe, it, expect } from 'vitest';
import { startWaves } from '../../../plugin/ergon/stack-waves';

describe('startWaves', () => {
  it('puts datastores first, then workers, then web (depends_on as a list or a map)', () => {
    const { waves, notes } = startWaves({
      web: { depends_on: { worker: { condition: 'service_healthy' }, db: {} } },
      worker: { depends_on: ['redis', 'db'] },
      redis: {},
      db: {},
    });
    expect(waves).toEqual([['redis', 'db'], ['worker'], ['web']]);
    expect(notes).toEqual([]);
  });

  it('starts a cycle together and says so, instead of never', () => {
    const { waves, notes } = startWaves({ a: { depends_on: ['b'] }, b: { depends_on: ['a'] }, c: {} });
    expect(waves).toEqual([['c'], ['a', 'b']]);
    expect(notes[0]).toMatch(/cycle among a, b/);
  });

  it('ignores a dependency on a service the file does not have', () => {
    expect(startWaves({ web: { depends_on: ['elsewhere'] } }).waves).toEqual([['web']]);
  });
});
