// Scores every language that could explain an app directory, instead of taking the first match
// (the Nixpacks/Railpack trap: a Python repo with a tooling package.json is not a Node app).
import type { Language } from '../../../protocol';
import { isToolingOnly, readPackageJson } from './detect-node';
import { sourceFiles } from './find-in-code';
import { parseProcfile } from './procfile';
import type { ProjectTree } from './project-tree';
import type { Candidate } from './types';

type Signal = [Language, number, string];

/** Every candidate with a positive score, best first (ties broken by a fixed language order). */
export function scoreLanguages(tree: ProjectTree): Candidate[] {
  const files = tree.files;
  const top = new Set(files.filter((f) => !f.includes('/')));
  const count = (re: RegExp) => files.filter((f) => re.test(f)).length;
  const signals: Signal[] = [];
  const add = (lang: Language, points: number, why: string) => signals.push([lang, points, why]);

  for (const [file, points] of [
    ['requirements.txt', 40],
    ['pyproject.toml', 40],
    ['Pipfile', 40],
    ['setup.py', 30],
    ['manage.py', 20],
  ] as const) {
    if (top.has(file)) add('python', points, file);
  }
  if (top.has('package.json')) {
    const pkg = readPackageJson(tree);
    if (pkg === null) add('node', 10, 'package.json (not valid JSON)');
    else if (isToolingOnly(pkg, tree)) add('node', 5, 'package.json with tooling only');
    else add('node', 40, 'package.json');
    if (
      pkg &&
      !isToolingOnly(pkg, tree) &&
      ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'].some((l) => top.has(l))
    )
      add('node', 10, 'lockfile');
  }
  if (top.has('go.mod')) add('go', 60, 'go.mod');
  if (top.has('Cargo.toml')) add('rust', 60, 'Cargo.toml');
  if (top.has('Gemfile')) add('ruby', 50, 'Gemfile');
  if (top.has('config.ru')) add('ruby', 10, 'config.ru');
  for (const f of ['pom.xml', 'build.gradle', 'build.gradle.kts']) if (top.has(f)) add('java', 60, f);
  if (top.has('composer.json')) add('php', 50, 'composer.json');
  if (top.has('artisan')) add('php', 10, 'artisan');
  const proj = [...top].find((f) => /\.(cs|fs|vb)proj$/.test(f));
  if (proj) add('dotnet', 60, proj);
  for (const f of ['deno.json', 'deno.jsonc']) if (top.has(f)) add('deno', 60, f);
  if (top.has('deno.lock')) add('deno', 10, 'deno.lock');
  if (top.has('mix.exs')) add('elixir', 60, 'mix.exs');
  for (const f of ['CMakeLists.txt', 'meson.build']) if (top.has(f)) add('cpp', 50, f);

  const sourceCounts: Array<[Language, RegExp, number, string]> = [
    ['python', /\.py$/, 2, '.py'],
    ['node', /\.(m|c)?js$|\.tsx?$/, 1, '.js/.ts'],
    ['go', /\.go$/, 2, '.go'],
    ['rust', /\.rs$/, 2, '.rs'],
    ['ruby', /\.rb$/, 2, '.rb'],
    ['java', /\.(java|kt)$/, 2, '.java/.kt'],
    ['php', /\.php$/, 3, '.php'],
    ['elixir', /\.exs?$/, 2, '.ex'],
    ['shell', /^[^/]+\.sh$/, 5, '.sh'],
    ['cpp', /\.(c|cc|cpp|cxx)$/, 2, '.c/.cpp'],
  ];
  for (const [lang, re, each, label] of sourceCounts) {
    const n = count(re);
    if (n) add(lang, Math.min(20, n * each), `${n} ${label} file${n > 1 ? 's' : ''}`);
  }
  const scripts = sourceFiles(tree, ['.ts', '.js'], 50);
  if (scripts.some((f) => /\bDeno\.(serve|env|args|readTextFile)/.test(tree.read(f) ?? '')))
    add('deno', 25, 'code uses the Deno namespace');
  if (
    !top.has('package.json') &&
    scripts.some((f) => /from\s+["'](https:\/\/deno\.land\/|jsr:)/.test(tree.read(f) ?? ''))
  )
    add('deno', 25, 'code imports from deno.land or jsr: (no package.json)');
  if (['index.html', 'public/index.html', 'site/index.html'].some((f) => files.includes(f)))
    add('static', 15, 'index.html');
  if (['start.sh', 'run.sh', 'main.sh', 'entrypoint.sh'].some((f) => top.has(f))) add('shell', 10, 'start script');

  const procfile = tree.read('Procfile');
  if (procfile) {
    for (const p of parseProcfile(procfile)) {
      if (/\b(python3?|uvicorn|gunicorn|celery|flask|django-admin)\b/.test(p.command))
        add('python', 20, `Procfile ${p.name}: runs Python`);
      else if (/\b(node|npm|yarn|pnpm|npx)\b/.test(p.command)) add('node', 20, `Procfile ${p.name}: runs Node`);
      else if (/\b(bundle|rails|rackup|puma)\b/.test(p.command)) add('ruby', 20, `Procfile ${p.name}: runs Ruby`);
      else if (/\bphp\b/.test(p.command)) add('php', 20, `Procfile ${p.name}: runs PHP`);
    }
  }

  const byLang = new Map<Language, Candidate>();
  for (const [language, points, why] of signals) {
    const c = byLang.get(language) ?? { language, score: 0, signals: [] };
    c.score += points;
    c.signals.push(`${why} (+${points})`);
    byLang.set(language, c);
  }
  return [...byLang.values()].sort(
    (a, b) => b.score - a.score || ORDER.indexOf(a.language) - ORDER.indexOf(b.language),
  );
}

const ORDER: Language[] = [
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
  'cpp',
  'static',
  'shell',
];

/** One sentence saying why the winner won. */
export function explainWinner(candidates: Candidate[]): string {
  const [first, second] = candidates;
  if (!first) return 'no language recognised';
  const why = `${first.language} (score ${first.score}: ${first.signals.join(', ')})`;
  return second ? `${why} over ${second.language} (score ${second.score}: ${second.signals.join(', ')})` : why;
}
