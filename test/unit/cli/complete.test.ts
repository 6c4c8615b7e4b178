import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTENT_CATALOGUE, type Catalogue } from '../../../protocol';
import { completeLine, LIVE_CATALOGUE_WAIT_MS } from '../../../plugin/cli/complete';
import { testPlugin } from './test-plugin';

describe('completeLine', () => {
  const plugin = testPlugin();
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aish-complete-'));
    mkdirSync(join(dir, 'proj'));
    writeFileSync(join(dir, 'proj', 'main.py'), '');
    writeFileSync(join(dir, 'pyproject.toml'), '');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('completes first words: families, built-ins and CI names', async () => {
    expect(await completeLine(plugin, 'do', dir)).toEqual([['docker'], 'do']);
    expect(await completeLine(plugin, 'he', dir)).toEqual([['help'], 'he']);
    expect((await completeLine(plugin, 'web', dir))[0]).toEqual(['web-container-ci']);
    expect((await completeLine(plugin, '', dir))[0]).toEqual(
      expect.arrayContaining(['docker', 'ergon', 'status', 'history', 'db-container-ci']),
    );
  });

  it('completes subcommands and options', async () => {
    expect(await completeLine(plugin, 'docker b', dir)).toEqual([['build'], 'b']);
    expect((await completeLine(plugin, 'docker build --', dir))[0]).toEqual(['--help', '--json', '--quiet', '--tag']);
    expect((await completeLine(plugin, 'help d', dir))[0]).toEqual(['docker']);
  });

  it('delegates positional arguments to the subcommand, else completes paths', async () => {
    expect((await completeLine(plugin, 'docker build a', dir))[0]).toEqual(['alpha/']);
    expect((await completeLine(plugin, 'docker build x p', dir))[0]).toEqual(['proj/', 'pyproject.toml']);
    expect((await completeLine(plugin, 'docker build x proj/m', dir))[0]).toEqual(['proj/main.py']);
    expect((await completeLine(plugin, `docker build x ${dir}/pr`, dir))[0]).toEqual([`${dir}/proj/`]);
  });

  it('completes a message to a CI from the intent catalogue', async () => {
    expect((await completeLine(plugin, 'web-container-ci rest', dir))[0]).toEqual(['restart']);
    expect((await completeLine(plugin, 'web-container-ci anom', dir))[0]).toEqual(['anomalies']);
    expect((await completeLine(plugin, 'db-container-ci "why is it sl', dir))[0]).toEqual(
      expect.arrayContaining(['slow']),
    );
  });

  // What the web CI answers to `catalogue`: the intents plus its own recipes, peers and services.
  const webCatalogue: Catalogue = {
    intents: [...INTENT_CATALOGUE],
    recipes: [{ name: 'flush-cache', risk: 'control', description: 'flush Redis', phrases: [], params: [] }],
    peers: ['db-container-ci'],
    services: [{ name: 'worker', label: 'Celery', kind: 'worker' }],
  };

  it("offers a reachable CI's own recipes and peers; an unreachable CI falls back to the fixed intents", async () => {
    const asked: string[] = [];
    const live = {
      ...testPlugin(),
      ciCatalogue: async (ci: string) => {
        asked.push(ci);
        return ci === 'web-container-ci' ? webCatalogue : null;
      },
    };
    expect((await completeLine(live, 'web-container-ci flu', dir))[0]).toEqual(['flush-cache']);
    expect((await completeLine(live, 'web-container-ci db', dir))[0]).toEqual(['db-container-ci']);
    expect((await completeLine(live, 'web-container-ci rest', dir))[0]).toEqual(['restart']);
    expect((await completeLine(live, 'db-container-ci flu', dir))[0]).toEqual([]);
    expect((await completeLine(live, 'db-container-ci rest', dir))[0]).toEqual(['restart']);
    expect(asked).toEqual([
      'web-container-ci',
      'web-container-ci',
      'web-container-ci',
      'db-container-ci',
      'db-container-ci',
    ]);
    // Without a live answer the fixed list has no recipe names.
    expect((await completeLine(plugin, 'web-container-ci flu', dir))[0]).toEqual([]);
  });

  it('a CI that does not answer in time (or fails) costs at most the short wait, then the fixed list', async () => {
    const hanging = { ...testPlugin(), ciCatalogue: () => new Promise<Catalogue | null>(() => undefined) };
    const t0 = Date.now();
    expect((await completeLine(hanging, 'web-container-ci rest', dir))[0]).toEqual(['restart']);
    expect(Date.now() - t0).toBeLessThan(LIVE_CATALOGUE_WAIT_MS + 500);
    const failing = { ...testPlugin(), ciCatalogue: () => Promise.reject(new Error('connect ENOENT')) };
    expect((await completeLine(failing, 'web-container-ci rest', dir))[0]).toEqual(['restart']);
  });
});
