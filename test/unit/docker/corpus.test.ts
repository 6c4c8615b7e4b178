// Every project of examples/corpus/<lang>-<framework>/ is planned and compared with its
// expected.json {language, framework, start, port, ...}; every generated Dockerfile passes the lint.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../../plugin/docker/dockerfile/lint-dockerfile';
import { planProject } from '../../../plugin/docker/plan-project';

const CORPUS = resolve(__dirname, '../../../examples/corpus');
const cases = readdirSync(CORPUS)
  .filter((d) => !d.startsWith('.'))
  .sort();
const env = { HOME: process.env.HOME, TEKTON_STATE_DIR: '/nonexistent-tekton-state' };

interface Expected {
  language: string;
  framework: string | null;
  start: string;
  port: number | null;
  services?: string[];
  packageManager?: string;
  runtimeVersion?: string;
  cache?: boolean;
  apps?: Array<{ dir: string; language: string; framework: string | null; start: string; port: number | null }>;
}

describe('plan on the example corpus', () => {
  it('has cases for every language of the issue', () => {
    const languages = new Set(cases.map((c) => c.split('-')[0]));
    for (const lang of [
      'python',
      'node',
      'go',
      'rust',
      'ruby',
      'java',
      'php',
      'dotnet',
      'deno',
      'elixir',
      'static',
      'shell',
    ])
      expect(languages).toContain(lang);
  });

  for (const name of cases) {
    it(name, () => {
      const expected = JSON.parse(readFileSync(join(CORPUS, name, 'expected.json'), 'utf8')) as Expected;
      const plan = planProject({ target: join(CORPUS, name), env });
      if (expected.apps) {
        expect(plan.summary.apps).toEqual(expected.apps.map((a) => ({ name: expect.any(String), ...a })));
      }
      const got = {
        language: plan.summary.language,
        framework: plan.summary.framework,
        start: plan.summary.start,
        port: plan.summary.port,
      };
      expect(got).toEqual({
        language: expected.language,
        framework: expected.framework,
        start: expected.start,
        port: expected.port,
      });
      const app = plan.analysis.apps[0]!;
      if (expected.services) expect(app.services.map((s) => s.kind).sort()).toEqual([...expected.services].sort());
      if (expected.packageManager) expect(app.packageManager).toBe(expected.packageManager);
      if (expected.runtimeVersion) expect(app.runtimeVersion).toBe(expected.runtimeVersion);
      if (expected.cache !== undefined)
        expect(app.services.find((s) => s.kind === 'redis')?.cache).toBe(expected.cache);
      for (const a of plan.apps) expect(lintDockerfile(a.buildDockerfile)).toEqual([]);
      // Every choice says where it came from.
      for (const r of plan.reasons) expect(r.source.length).toBeGreaterThan(0);
    });
  }
});
