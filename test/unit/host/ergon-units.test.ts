import { describe, it, expect } from 'vitest';
import { searchUnits } from '../../../plugin/ergon/build-registry';

describe('Ergon units', () => {
  it('searches Ergon units by name, tag and type', () => {
    const units = [
      { type: 'container', name: 'myapp', version: '1.0.0', tags: ['fastapi'] },
      { type: 'solution', name: 'shop', version: '0.1.0' },
    ];
    expect(searchUnits(units, 'fast', null).map((u) => u.name)).toEqual(['myapp']);
    expect(searchUnits(units, null, 'solution').map((u) => u.name)).toEqual(['shop']);
  });
});

describe('builds.json as the docker engineer writes it', () => {
  it('reads {version, builds:[...]} and tolerates a corrupt file with a problem message', async () => {
    const { mkdirSync, mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { localUnits } = await import('../../../plugin/ergon/build-registry');
    const root = mkdtempSync(join(tmpdir(), 'builds-'));
    const state = (name: string, text?: string) => {
      const dir = join(root, name);
      mkdirSync(join(dir, 'containers'), { recursive: true });
      if (text !== undefined) writeFileSync(join(dir, 'containers', 'builds.json'), text);
      return dir;
    };
    const good = state(
      'good',
      JSON.stringify({
        version: 1,
        builds: [
          {
            type: 'container',
            name: 'myapp',
            version: '1.0.0',
            source: { project_id: null, location: '/p' },
            content: { image: 'myapp:abc' },
            tags: ['python'],
          },
        ],
      }),
    );
    expect(localUnits(good).units.map((u) => [u.name, u.origin])).toEqual([['myapp', 'local']]);
    expect(localUnits(state('bad', '{')).problem).toMatch(/not valid JSON.*left as is/);
    expect(localUnits(state('none'))).toEqual({ units: [], problem: null });
  });
});
