// Ruby apps: Rails, Sinatra (Rack), plain scripts.
import { portFromCommand, substitutePort, toArgv } from './command-words';
import { decide, exposeChoice, procfileWeb, toolVersions, versionFile } from './decide';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a Ruby app directory. */
export function detectRuby(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const gemfile = tree.read('Gemfile') ?? '';
  f.packageManager = 'bundler';
  f.dependencies = [...gemfile.matchAll(/^\s*gem\s+["']([^"']+)["']/gm)].map((m) => m[1]!);
  const rubyLine = /^\s*ruby\s+["']([\d.]+)/m.exec(gemfile);
  f.runtimeVersion = decide(f, 'ruby version', [
    versionFile(tree, '.ruby-version'),
    toolVersions(tree, 'ruby'),
    rubyLine ? { value: rubyLine[1]!, source: 'Gemfile ruby' } : null,
  ]);
  const rails = f.dependencies.includes('rails') || tree.files.includes('config/application.rb');
  const sinatra = f.dependencies.includes('sinatra');
  f.framework = rails ? 'rails' : sinatra ? 'sinatra' : null;
  if (f.framework)
    f.reasons.push({
      what: 'framework',
      value: f.framework,
      source: rails ? 'Gemfile rails / config/application.rb' : 'Gemfile sinatra',
    });
  if (f.dependencies.includes('pg')) f.systemPackages.push('libpq5', 'libpq-dev');
  if (rails || f.dependencies.some((d) => ['nokogiri', 'pg', 'mysql2', 'bcrypt'].includes(d)))
    f.systemPackages.push('build-essential');
  const web = procfileWeb(tree);
  const cmdPort = web ? portFromCommand(web.command) : null;
  const rack = tree.files.includes('config.ru');
  f.port = decide(f, 'port', [
    cmdPort ? { value: cmdPort.port, source: `Procfile ${web!.name}: ${cmdPort.text}` } : null,
    exposeChoice(tree),
    rails
      ? { value: 3000, source: 'rails default' }
      : sinatra && !rack
        ? { value: 4567, source: 'sinatra default' }
        : rack
          ? { value: 9292, source: 'rackup default' }
          : null,
  ]);
  const port = String(f.port ?? 3000);
  const main = ['app.rb', 'main.rb', 'server.rb'].find((m) => tree.files.includes(m));
  f.start =
    decide(
      f,
      'start',
      [
        web ? { value: substitutePort(toArgv(web.command), f.port), source: `Procfile ${web.name}:` } : null,
        rails ? { value: ['bundle', 'exec', 'rails', 'server', '-b', '0.0.0.0', '-p', port], source: 'Rails' } : null,
        rack ? { value: ['bundle', 'exec', 'rackup', '--host', '0.0.0.0', '-p', port], source: 'config.ru' } : null,
        main
          ? {
              value: sinatra ? ['bundle', 'exec', 'ruby', main, '-o', '0.0.0.0', '-p', port] : ['ruby', main],
              source: `${main} at the app root`,
            }
          : null,
      ],
      (a) => a.join(' '),
    ) ?? [];
  f.entrypoint = rails ? 'config.ru' : (main ?? null);
  f.web = f.port !== null;
  return f;
}
