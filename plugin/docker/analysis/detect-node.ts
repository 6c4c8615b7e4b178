// Node apps: npm, yarn, pnpm, bun; Next, Nest, Express/Fastify/Koa, Vite (and CRA) SPAs served as
// static files, plain servers.
import { portFromCommand, substitutePort, toArgv } from './command-words';
import { decide, exposeChoice, procfileOthers, procfileWeb, versionFile, type Choice } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** The parts of package.json the analysis reads. */
export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: { node?: string };
  workspaces?: unknown;
  packageManager?: string;
}

/** package.json parsed, or null (missing or not JSON: the caller notes it). */
export function readPackageJson(tree: ProjectTree): PackageJson | null {
  const text = tree.read('package.json');
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as PackageJson) : null;
  } catch { return null; }
}

const SERVER_FRAMEWORKS = ['next', '@nestjs/core', 'express', 'fastify', 'koa', '@hapi/hapi'];

/** Analyses a Node app directory. */
export function detectNode(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const pkg = readPackageJson(tree) ?? {};
  const deps = Object.keys(pkg.dependencies ?? {});
  const devDeps = Object.keys(pkg.devDependencies ?? {});
  const all = [...deps, ...devDeps];
  f.dependencies = deps;
  const has = (d: string) => all.includes(d);
  const files = new Set(tree.files);
  f.packageManager = files.has('bun.lockb') || files.has('bun.lock') ? 'bun' : files.has('pnpm-lock.yaml') ? 'pnpm'
    : files.has('yarn.lock') ? 'yarn' : pkg.packageManager?.split('@')[0] ?? 'npm';
  f.details.lockfile = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'npm-shrinkwrap.json'].filter((l) => files.has(l)).join(' ');
  f.details.hasDeps = deps.length || devDeps.length ? 'yes' : '';
  const engines = /(\d+)/.exec(pkg.engines?.node ?? '');
  f.runtimeVersion = decide(f, 'node version', [versionFile(tree, '.nvmrc'), versionFile(tree, '.node-version'), engines ? { value: engines[1]!, source: 'package.json engines.node' } : null]);

  const server = SERVER_FRAMEWORKS.find(has);
  const spa = !server && (has('vite') || has('react-scripts')) ? (has('vite') ? 'vite' : 'create-react-app') : null;
  f.framework = server === '@nestjs/core' ? 'nest' : server === '@hapi/hapi' ? 'hapi' : server ?? spa;
  if (f.framework) f.reasons.push({ what: 'framework', value: f.framework, source: `dependency ${server ?? spa}` });
  const run = (script: string) => (f.packageManager === 'npm' ? ['npm', 'run', script] : [f.packageManager ?? 'npm', 'run', script]);
  if (pkg.scripts?.build && (server === 'next' || server === '@nestjs/core' || spa || has('typescript'))) {
    f.build = [run('build').join(' ')];
    f.reasons.push({ what: 'build', value: f.build[0]!, source: 'package.json scripts.build' });
  }

  const js = sourceFiles(tree, ['.js', '.mjs', '.cjs', '.ts']);
  const web = procfileWeb(tree);
  const startScript = pkg.scripts?.start;
  const cmdPort = web ? portFromCommand(web.command) : startScript ? portFromCommand(startScript) : null;
  const codePort = portInCode(tree, js, [/\.listen\(\s*(\d{2,5})\b/, /PORT\)?\s*(?:\|\||\?\?)\s*(\d{2,5})\b/, /port:\s*(\d{2,5})\b/]);
  const httpServer = js.slice(0, 50).some((f) => /\bcreateServer\(|\.listen\(/.test(tree.read(f) ?? ''));
  const frameworkPort = spa ? 8080 : server ? 3000 : null;
  f.port = decide(f, 'port', [
    cmdPort ? { value: cmdPort.port, source: `${web ? `Procfile ${web.name}:` : 'package.json scripts.start:'} ${cmdPort.text}` } : null,
    spa ? { value: 8080, source: 'static files served by busybox httpd' } : null,
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    frameworkPort ? { value: frameworkPort, source: `${f.framework} default` } : null,
    httpServer ? { value: 3000, source: 'Node HTTP server without a fixed port, conventional 3000' } : null,
  ]);

  const port = String(f.port ?? 3000);
  const main = [pkg.main, 'server.js', 'index.js', 'app.js', 'main.js', 'src/index.js', 'src/server.js'].find((m) => m && files.has(m));
  const simpleStart = startScript ? /^node\s+(\S+\.[cm]?js)\s*$/.exec(startScript) : null;
  if (spa) f.details.staticDir = spa === 'vite' ? 'dist' : 'build';
  const starts: Array<Choice<string[]> | null> = [
    web ? { value: substitutePort(toArgv(web.command), f.port), source: `Procfile ${web.name}:` } : null,
    spa ? { value: ['busybox', 'httpd', '-f', '-v', '-p', port, '-h', `/app/${f.details.staticDir}`], source: `${spa} builds static files into ${f.details.staticDir}/` } : null,
    server === 'next' ? { value: ['node_modules/.bin/next', 'start', '-p', port], source: 'Next.js: next start' } : null,
    server === '@nestjs/core' ? { value: ['node', 'dist/main.js'], source: 'Nest builds to dist/main.js' } : null,
    simpleStart ? { value: ['node', simpleStart[1]!], source: 'package.json scripts.start' } : null,
    startScript ? { value: [f.packageManager ?? 'npm', 'start'], source: 'package.json scripts.start' } : null,
    main ? { value: ['node', main], source: pkg.main === main ? 'package.json main' : `${main} at the app root` } : null,
  ];
  f.start = decide(f, 'start', starts, (argv) => argv.join(' ')) ?? [];
  f.entrypoint = main ?? null;
  f.web = f.port !== null;
  for (const p of procfileOthers(tree, web?.name)) {
    f.extras.push({ name: p.name, kind: 'worker', framework: null, command: toArgv(p.command) });
    f.reasons.push({ what: `process ${p.name}`, value: p.command, source: `Procfile ${p.name}:` });
  }
  return f;
}

/** True when package.json only carries tooling (linters, formatters) and nothing to run. */
export function isToolingOnly(pkg: PackageJson | null, tree: ProjectTree): boolean {
  if (!pkg) return true;
  const runnable = pkg.main || pkg.scripts?.start || Object.keys(pkg.dependencies ?? {}).length;
  const code = tree.files.some((f) => /\.(m|c)?(js|ts)x?$/.test(f) && !/(^|\/)[^/]*\.config\.[cm]?[jt]s$|^\.|(^|\/)\./.test(f));
  return !runnable && !code;
}
