// The real-world tier: apps of the public example corpus (shared/corpus/nixpacks) built with their
// real dependencies from the real registries, run, their output or HTTP answer checked, their
// container CI asked `status`. Which apps: tier.txt (one example per line, `#` comments); what each
// must do: the corpus's expectations.tsv, or extra-cases.tsv for ours. Bases the apps name are
// built on demand the first time (stand-ins), so the first run on a fresh machine is the slow one.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestStateDir } from '../../support/state-dir';
import { readCorpusCases, runCorpusApp } from './corpus-app';

const HERE = dirname(fileURLToPath(import.meta.url));
const TIER = readFileSync(join(HERE, 'tier.txt'), 'utf8')
  .split('\n')
  .map((l) => l.replace(/#.*/, '').trim())
  .filter(Boolean);
const cases = new Map(readCorpusCases().map((c) => [c.example, c]));
const docker = new Docker();
const state = makeTestStateDir('tekton-corpus-state-');
afterAll(() => state.cleanup());

describe('the public example corpus, built and run', () => {
  it('has at least 20 apps across the ecosystems of issue 10, each with an expectation', () => {
    expect(TIER.length).toBeGreaterThanOrEqual(20);
    for (const example of TIER) expect(cases.has(example), `${example} has no expectation`).toBe(true);
  });

  for (const example of TIER) {
    it(example, async () => {
      const r = await runCorpusApp(docker, cases.get(example)!, {
        env: state.env,
        buildTimeoutMs: 540_000,
        runTimeoutMs: 60_000,
      });
      expect({ example, stage: r.stage, error: r.error, ciStatus: r.ciStatus }).toEqual({
        example,
        stage: 'ran',
        error: null,
        ciStatus: true,
      });
    }, 660_000);
  }
});
