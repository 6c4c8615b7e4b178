// PHP apps: Laravel (artisan), plain PHP served by PHP's built-in server.
import { decide, exposeChoice, procfileWeb, toolVersions, type Choice } from './decide';
import { substitutePort, toArgv } from './command-words';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a PHP app directory. */
export function detectPhp(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  let composer: { require?: Record<string, string> } = {};
  try {
    composer = JSON.parse(tree.read('composer.json') ?? '{}') as typeof composer;
  } catch {
    f.reasons.push({ what: 'warning', value: 'composer.json is not valid JSON', source: 'composer.json' });
  }
  f.dependencies = Object.keys(composer.require ?? {}).filter((d) => d !== 'php');
  f.packageManager = tree.files.includes('composer.json') ? 'composer' : null;
  const phpVersion = /(\d+\.\d+)/.exec(composer.require?.php ?? '');
  f.runtimeVersion = decide(f, 'php version', [
    toolVersions(tree, 'php'),
    phpVersion ? { value: phpVersion[1]!, source: 'composer.json require.php' } : null,
  ]);
  const laravel = f.dependencies.includes('laravel/framework') || tree.files.includes('artisan');
  f.framework = laravel ? 'laravel' : null;
  if (laravel) f.reasons.push({ what: 'framework', value: 'laravel', source: 'artisan / laravel/framework' });
  f.port = decide(f, 'port', [
    exposeChoice(tree),
    { value: 8000, source: laravel ? 'artisan serve default' : 'php -S, conventional 8000' },
  ]);
  const port = String(f.port ?? 8000);
  const web = procfileWeb(tree);
  const docroot = tree.files.some((p) => p.startsWith('public/')) ? 'public' : '.';
  const choices: Array<Choice<string[]> | null> = [
    web ? { value: substitutePort(toArgv(web.command), f.port), source: `Procfile ${web.name}:` } : null,
    laravel
      ? { value: ['php', 'artisan', 'serve', '--host=0.0.0.0', `--port=${port}`], source: 'Laravel artisan serve' }
      : null,
    { value: ['php', '-S', `0.0.0.0:${port}`, '-t', docroot], source: `PHP built-in server, document root ${docroot}` },
  ];
  f.start = decide(f, 'start', choices, (a) => a.join(' ')) ?? [];
  f.entrypoint = laravel ? 'artisan' : `${docroot}/index.php`;
  f.web = true;
  return f;
}
