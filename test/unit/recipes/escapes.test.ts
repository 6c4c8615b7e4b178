// The published vm2 escape techniques, each run as a recipe through the real engine and worker:
// none may reach fs, child_process or the host process. Each attempt would write a marker file in
// a directory the worker's user can write to, so a working escape would leave evidence; and since the
// permission model may stop that write, holding the host process at all is reported as ESCAPED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecipeEngine, type LoadedRecipeEngine } from '../../../ci-runtime/recipe-engine';
import { bundleRecipeAssets, type RecipeBundle } from '../../support/recipe-bundle';
import { createHostDouble } from '../../support/recipe-host-double';
import { ciNode } from '../../support/ci-node';

const CORPUS = join(import.meta.dirname, 'escapes');
const HARNESS = readFileSync(join(import.meta.dirname, 'escape-harness.js'), 'utf8');
const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.js'))
  .sort();

let bundle: RecipeBundle;
let engine: LoadedRecipeEngine;
let markers: string;
let state: string;

beforeAll(async () => {
  bundle = await bundleRecipeAssets({ recipes: false });
  markers = mkdtempSync(join(tmpdir(), 'tekton-escape-markers-'));
  chmodSync(markers, 0o1777); // writable by the worker's user: an escape must be able to leave its mark
  state = mkdtempSync(join(tmpdir(), 'tekton-escape-state-'));
  chmodSync(state, 0o755);
  mkdirSync(join(state, 'cwd'), { mode: 0o555 });
  // Each attempt is one recipe file: the shared harness (pwn, attempt) followed by the technique.
  const recipes = join(state, 'corpus');
  mkdirSync(recipes, { mode: 0o755 });
  for (const file of files)
    writeFileSync(join(recipes, file), `${HARNESS}\n${readFileSync(join(CORPUS, file), 'utf8')}`, { mode: 0o644 });
  engine = await createRecipeEngine({
    host: createHostDouble(),
    builtinDir: recipes,
    projectDir: join(state, 'none'),
    userDir: join(state, 'user'),
    auditPath: join(state, 'audit.log'),
    workerPath: bundle.workerPath,
    workDir: join(state, 'cwd'),
    ...ciNode(),
    execArgv: [],
    defaultTimeoutMs: 8000,
    maxConcurrentRuns: 1,
  });
}, 60_000);

afterAll(() => {
  for (const dir of [bundle.dir, markers, state]) rmSync(dir, { recursive: true, force: true });
});

describe('vm2 escape corpus', () => {
  it('loads every technique as a recipe (the corpus itself is valid)', () => {
    const loadedNames = engine
      .list()
      .map((r) => r.name)
      .sort();
    const problems = engine.problems().filter((p) => !p.includes('dynamic-import'));
    expect(problems).toEqual([]);
    expect(loadedNames.length).toBeGreaterThanOrEqual(files.length - 1);
  });

  it.each(files)(
    '%s reaches neither fs, child_process nor the host process',
    async (file) => {
      const name = `escape-${file.replace(/\.js$/, '')}`;
      const marker = join(markers, name);
      const known = engine.list().some((r) => r.name === name);
      const result = await engine.run({ recipe: name, params: { marker }, dryRun: false, sender: 'test' });
      if (known) expect(result.summary).not.toContain('ESCAPED');
      else expect(result.ok).toBe(false);
      expect(existsSync(marker)).toBe(false);
      expect(existsSync(`${marker}.cp`)).toBe(false);
      expect(readdirSync(markers)).toEqual([]);
      // The worker's answer is all that came back; the recipe's notes say what each attempt met.
      expect(typeof result.summary).toBe('string');
    },
    20_000,
  );

  it('the escape files are real attempts (each calls pwn on what it reached)', () => {
    for (const file of files) expect(readFileSync(join(CORPUS, file), 'utf8')).toMatch(/pwn\(/);
  });

  it('the marker check can fail: pwn given the real host process does leave the marker', () => {
    // Positive control: the same helper the corpus uses, run in the host with the real process.
    const helper = HARNESS.slice(HARNESS.indexOf('function pwn'), HARNESS.indexOf('function attempt'));
    const pwn = new Function(`${helper}; return pwn;`)() as (p: unknown, m: string, n: string[], l: string) => boolean;
    const marker = join(markers, 'control');
    const notes: string[] = [];
    expect(pwn(process, marker, notes, 'control')).toBe(true);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    rmSync(`${marker}.cp`, { force: true });
  });
});
