import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeLine } from '../../../plugin/cli/complete';
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
    expect((await completeLine(plugin, '', dir))[0]).toEqual(expect.arrayContaining(['docker', 'ergon', 'status', 'history', 'db-container-ci']));
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
    expect((await completeLine(plugin, 'db-container-ci "why is it sl', dir))[0]).toEqual(expect.arrayContaining(['slow']));
  });
});
