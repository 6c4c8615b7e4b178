import { describe, it, expect } from 'vitest';
import { HealthHistory, describeChange } from '../../../plugin/monitor/health-history';
import { renderTop } from '../../../plugin/render/top-view';
import { probe } from './fixtures/ci-entry';

describe('health history', () => {
  it('history reports health changes, not repeats', () => {
    const h = new HealthHistory(3);
    expect(describeChange(h.add(probe()), probe())).toBeNull();
    const prev = h.add(probe({ health: 'degraded' }));
    expect(describeChange(prev, probe({ health: 'degraded' }))).toBe('web-container-ci: healthy → degraded');
    for (let i = 0; i < 5; i++) h.add(probe());
    expect(h.of('web-container-ci')).toHaveLength(3);
    expect(renderTop(h, new Date(0))).toMatch(/web-container-ci\s+healthy\s+50M/);
  });
});
