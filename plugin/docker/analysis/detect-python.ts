// Python apps: FastAPI (finds the app object), Flask, Django, Celery workers, plain scripts.
import { portFromCommand, pythonModuleForm, substitutePort, toArgv } from './command-words';
import { decide, exposeChoice, procfileOthers, procfileWeb, toolVersions, versionFile, type Choice } from './decide';
import { findInCode, portInCode, sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import { readPythonDeps } from './python-deps';
import { readToml, str } from './config-files';
import { emptyFindings, type LanguageFindings } from './types';

/** Debian packages for Python packages with native parts (runtime + what pip needs to build them). */
const NATIVE: Record<string, string[]> = {
  psycopg2: ['libpq5', 'libpq-dev', 'gcc', 'python3-dev'],
  mysqlclient: ['libmariadb3', 'default-libmysqlclient-dev', 'pkg-config', 'gcc'],
  'python-ldap': ['libldap-2.5-0', 'libldap2-dev', 'libsasl2-dev', 'gcc'],
};

/** Analyses a Python app directory. */
export function detectPython(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const deps = readPythonDeps(tree);
  f.dependencies = deps.names;
  f.packageManager = deps.manager;
  if (deps.source) f.details.depsFile = deps.source;
  for (const l of ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock'])
    if (tree.files.includes(l)) f.details[`has:${l}`] = 'yes';
  if (deps.invalid)
    f.reasons.push({
      what: 'warning',
      value: 'pyproject.toml is not valid TOML: its dependencies are not known',
      source: 'pyproject.toml',
    });
  const scripts = Object.keys(deps.scripts);
  if (scripts.length) f.details.scripts = scripts.join(' ');
  f.runtimeVersion = decide(f, 'python version', [
    versionFile(tree, '.python-version'),
    runtimeTxt(tree),
    toolVersions(tree, 'python'),
    requiresPython(tree),
  ]);
  for (const d of deps.names) f.systemPackages.push(...(NATIVE[d] ?? []));
  const py = sourceFiles(tree, ['.py']);
  const has = (d: string) => deps.names.includes(d);

  const fastapi = findInCode(tree, py, /^(\w+)\s*=\s*FastAPI\(/m)[0];
  const flask = findInCode(tree, py, /^(\w+)\s*=\s*Flask\(/m)[0];
  const celery = findInCode(tree, py, /^(\w+)\s*=\s*Celery\(/m)[0];
  const django = tree.files.includes('manage.py') ? djangoProject(tree) : null;
  const framework =
    fastapi || has('fastapi') ? 'fastapi' : django || has('django') ? 'django' : flask || has('flask') ? 'flask' : null;
  f.framework = framework;
  if (framework)
    f.reasons.push({
      what: 'framework',
      value: framework,
      source: fastapi
        ? `${fastapi.file}: ${fastapi.match[0]}`
        : flask
          ? `${flask.file}: ${flask.match[0]}`
          : django
            ? 'manage.py'
            : `dependency ${framework}`,
    });

  const web = procfileWeb(tree);
  const codePort = portInCode(tree, py, [
    /\.run\([^)]*\bport\s*=\s*(\d{2,5})\b/,
    /getenv\(\s*["']PORT["']\s*,\s*["']?(\d{2,5})/,
    /environ\.get\(\s*["']PORT["']\s*,\s*["']?(\d{2,5})/,
    /\(\s*["'](?:0\.0\.0\.0|localhost|127\.0\.0\.1|::)?["']\s*,\s*(\d{2,5})\s*\)/,
  ]);
  const defaultPort = framework === 'flask' && !has('gunicorn') ? 5000 : framework ? 8000 : null;
  const cmdPort = web ? portFromCommand(web.command) : null;
  f.port = decide(f, 'port', [
    cmdPort ? { value: cmdPort.port, source: `Procfile ${web!.name}: ${cmdPort.text}` } : null,
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    web && /\$\{?PORT/.test(web.command) ? { value: 8000, source: `Procfile uses $PORT; 8000 chosen` } : null,
    defaultPort ? { value: defaultPort, source: `${framework} default` } : null,
  ]);

  const moduleOf = (file: string) =>
    file
      .replace(/\.py$/, '')
      .replace(/\//g, '.')
      .replace(/\.__init__$/, '');
  const port = String(f.port ?? 8000);
  const starts: Array<Choice<string[]> | null> = [
    web
      ? { value: pythonModuleForm(substitutePort(toArgv(web.command), f.port)), source: `Procfile ${web.name}:` }
      : null,
    fastapi
      ? {
          value: [
            'python3',
            '-m',
            'uvicorn',
            `${moduleOf(fastapi.file)}:${fastapi.match[1]}`,
            '--host',
            '0.0.0.0',
            '--port',
            port,
          ],
          source: `FastAPI app object ${fastapi.match[1]} in ${fastapi.file}`,
        }
      : null,
    django
      ? {
          value: has('gunicorn')
            ? ['python3', '-m', 'gunicorn', `${django}.wsgi`, '--bind', `0.0.0.0:${port}`]
            : ['python3', 'manage.py', 'runserver', `0.0.0.0:${port}`],
          source: `Django project ${django} (manage.py)`,
        }
      : null,
    flask
      ? {
          value: has('gunicorn')
            ? ['python3', '-m', 'gunicorn', '--bind', `0.0.0.0:${port}`, `${moduleOf(flask.file)}:${flask.match[1]}`]
            : [
                'python3',
                '-m',
                'flask',
                '--app',
                `${moduleOf(flask.file)}:${flask.match[1]}`,
                'run',
                '--host',
                '0.0.0.0',
                '--port',
                port,
              ],
          source: `Flask app object ${flask.match[1]} in ${flask.file}`,
        }
      : null,
    consoleScript(deps.scripts, deps.project),
    plainScript(tree),
  ];
  f.start = decide(f, 'start', starts, (argv) => argv.join(' ')) ?? [];
  f.entrypoint = fastapi
    ? `${moduleOf(fastapi.file)}:${fastapi.match[1]}`
    : flask
      ? `${moduleOf(flask.file)}:${flask.match[1]}`
      : django
        ? `${django}.wsgi`
        : (f.start.find((w) => w.endsWith('.py')) ?? null);
  f.web = framework !== null || f.port !== null;

  for (const p of procfileOthers(tree, web?.name)) {
    const argv = pythonModuleForm(substitutePort(toArgv(p.command), f.port));
    const isCelery = argv.includes('celery');
    f.extras.push({
      name: p.name,
      kind: isCelery && argv.includes('beat') ? 'scheduler' : 'worker',
      framework: isCelery ? 'celery' : null,
      command: argv,
    });
    f.reasons.push({ what: `process ${p.name}`, value: argv.join(' '), source: `Procfile ${p.name}:` });
  }
  if (celery && !f.extras.some((e) => e.framework === 'celery')) {
    const mod = moduleOf(celery.file);
    const command = ['python3', '-m', 'celery', '-A', mod, 'worker', '--loglevel=INFO'];
    f.extras.push({ name: 'worker', kind: 'worker', framework: 'celery', command });
    f.reasons.push({
      what: 'process worker',
      value: command.join(' '),
      source: `Celery app ${celery.match[1]} in ${celery.file}`,
    });
    if (!f.start.length) f.start = command;
  }
  return f;
}

function requiresPython(tree: ProjectTree): Choice<string> | null {
  const spec =
    str(readToml(tree, 'pyproject.toml'), 'project.requires-python') ??
    str(readToml(tree, 'pyproject.toml'), 'tool.poetry.dependencies.python');
  const m = spec ? /(\d+\.\d+)/.exec(spec) : null;
  return m ? { value: m[1]!, source: `pyproject.toml requires-python ${spec}` } : null;
}

/** Heroku's runtime.txt: `python-3.11.4`. */
function runtimeTxt(tree: ProjectTree): Choice<string> | null {
  const m = /python-(\d+\.\d+)/.exec(tree.read('runtime.txt') ?? '');
  return m ? { value: m[1]!, source: 'runtime.txt' } : null;
}

/** The console script a packaged project installs: the one named after the project, else the only one. */
function consoleScript(scripts: Record<string, string>, project: string | null): Choice<string[]> | null {
  const names = Object.keys(scripts);
  const name = names.find((n) => project && n.toLowerCase() === project.toLowerCase()) ?? names[0];
  if (!name) return null;
  const why =
    names.length > 1
      ? ` (of ${names.join(', ')}: ${name.toLowerCase() === project?.toLowerCase() ? 'named after the project' : 'the first'})`
      : '';
  return { value: [name], source: `pyproject.toml scripts: ${name} = "${scripts[name]}"${why}` };
}

function djangoProject(tree: ProjectTree): string | null {
  const m = /["'](\w+)\.settings["']/.exec(tree.read('manage.py') ?? '');
  return m ? m[1]! : null;
}

function plainScript(tree: ProjectTree): Choice<string[]> | null {
  for (const name of ['main.py', 'app.py', 'server.py', 'run.py', '__main__.py', 'bot.py', 'worker.py']) {
    if (tree.files.includes(name)) return { value: ['python3', name], source: `${name} at the app root` };
  }
  const withMain = findInCode(tree, sourceFiles(tree, ['.py'], 50), /if __name__ == ["']__main__["']/)[0];
  return withMain ? { value: ['python3', withMain.file], source: `${withMain.file} has a __main__ block` } : null;
}
