// Elixir apps: Mix projects, Phoenix (port 4000).
import { decide, exposeChoice } from './decide';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses an Elixir app directory. */
export function detectElixir(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const mix = tree.read('mix.exs') ?? '';
  f.packageManager = 'mix';
  f.dependencies = [...mix.matchAll(/\{:(\w+),/g)].map((m) => m[1]!);
  const version = /elixir:\s*"~>\s*([\d.]+)"/.exec(mix);
  f.runtimeVersion = decide(f, 'elixir version', [version ? { value: version[1]!, source: 'mix.exs elixir' } : null]);
  const phoenix = f.dependencies.includes('phoenix');
  f.framework = phoenix ? 'phoenix' : null;
  if (phoenix) f.reasons.push({ what: 'framework', value: 'phoenix', source: 'mix.exs dependency phoenix' });
  f.port = decide(f, 'port', [exposeChoice(tree), phoenix ? { value: 4000, source: 'phoenix default' } : null]);
  f.web = f.port !== null;
  f.start = phoenix ? ['mix', 'phx.server'] : ['mix', 'run', '--no-halt'];
  f.build = ['mix deps.get --only prod', 'mix compile'];
  f.entrypoint = 'mix.exs';
  f.reasons.push({ what: 'start', value: f.start.join(' '), source: phoenix ? 'Phoenix' : 'Mix application' });
  return f;
}
