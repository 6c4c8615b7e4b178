// The planner over every app of the nixpacks example suite (read-only, planned from an in-memory
// copy): each gets a plan in the language its files say it is (test/support/corpus-ecosystem.ts
// judges that without the planner) with a lint-clean Dockerfile, or a clear refusal: "unsupported:
// <why>" for a toolchain we cannot have, "no way to start it" for a folder with no code at all.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { lintDockerfile } from '../../../plugin/docker/dockerfile/lint-dockerfile';
import { planProjectFrom } from '../../../plugin/docker/plan-project';
import { ecosystemOf, findCorpus, listFiles } from '../../support/corpus-ecosystem';

const CORPUS = findCorpus(resolve(__dirname, '../../..'));

describe('planner on the nixpacks corpus', () => {
  it('finds the corpus (set TEKTON_CORPUS_DIR when it is elsewhere)', () => {
    expect(CORPUS, 'shared/corpus/nixpacks/examples beside a parent of the checkout').not.toBeNull();
    expect(readdirSync(CORPUS!).length).toBeGreaterThanOrEqual(150);
  });

  for (const name of CORPUS ? readdirSync(CORPUS).sort() : []) {
    it(name, () => {
      const dir = join(CORPUS!, name);
      const files = listFiles(dir);
      const contents = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
      const eco = ecosystemOf(files, (f) => contents[f] ?? '');
      let plan;
      try {
        plan = planProjectFrom(memoryTree(contents), { name });
      } catch (err) {
        const msg = (err as Error).message;
        if (eco.language === null) expect(msg).toMatch(/unsupported: [\w-]+ \([^)]+\): .{20,}/);
        else if (!eco.code) expect(msg).toMatch(/no way to start it/);
        else throw err;
        return;
      }
      expect(eco.language, `${name} is ${eco.name}: it should have been refused`).not.toBeNull();
      expect(plan.summary.apps.map((a) => a.language)).toContain(eco.language);
      for (const a of plan.apps) {
        expect(a.app.start.length).toBeGreaterThan(0);
        expect(lintDockerfile(a.buildDockerfile)).toEqual([]);
        // Non-root, exec form, dependency manifests before the sources.
        expect(a.buildDockerfile).toMatch(/useradd --uid 10001/);
        expect(a.buildDockerfile).toMatch(/^CMD \[/m);
      }
      for (const r of plan.reasons) expect(r.source.length).toBeGreaterThan(0);
    });
  }
});
