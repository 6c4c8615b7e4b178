// Node apps: npm, yarn, pnpm, bun; the frameworks of node-frameworks.ts (servers run by node,
// static output served by nginx), Nest, Express/Fastify/Koa/Hapi, TypeScript compiled by tsc,
// plain servers and scripts. Bun apps run on bun.
import { portFromCommand, substitutePort, toArgv } from './command-words';
import { readJson, str } from './config-files';
import { decide, exposeChoice, procfileOthers, procfileWeb, versionFile, type Choice } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import { nodeShape } from './node-frameworks';
import { packageManagerRelease } from './package-manager-release';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** The parts of package.json the analysis reads. */
export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  module?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  engines?: { node?: string; bun?: string; pnpm?: string; yarn?: string };
  workspaces?: unknown;
  packageManager?: string;
}

/** package.json parsed (null when missing or not JSON: the caller notes it). */
export function readPackageJson(tree: ProjectTree): PackageJson | null {
  return readJson(tree, 'package.json') as PackageJson | null;
}

const SERVERS: Array<[string, string]> = [
  ['@nestjs/core', 'nest'],
  ['express', 'express'],
  ['fastify', 'fastify'],
  ['koa', 'koa'],
  ['@hapi/hapi', 'hapi'],
  ['hono', 'hono'],
  ['elysia', 'elysia'],
];
const LOCKFILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'npm-shrinkwrap.json'];

/** Analyses a Node (or Bun) app directory. */
export function detectNode(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const pkg = readPackageJson(tree) ?? {};
  const deps = Object.keys(pkg.dependencies ?? {});
  const all = [...deps, ...Object.keys(pkg.devDependencies ?? {})];
  f.dependencies = deps;
  const has = (d: string) => all.includes(d);
  const files = new Set(tree.files);
  const pm = packageManager(pkg, files);
  f.packageManager = pm;
  f.details.lockfile = LOCKFILES.filter((l) => files.has(l)).join(' ');
  f.details.hasDeps = all.length ? 'yes' : '';
  if (pkg.name) f.details.packageName = pkg.name;
  if (pm !== 'npm' && pkg.packageManager) f.details.pmVersion = pkg.packageManager;
  const berry = pm === 'yarn' ? yarnBerry(tree, pkg) : null;
  const release = berry ? null : packageManagerRelease(pm, pkg, tree);
  if (release) {
    f.details.pmRelease = release.value;
    f.reasons.push({ what: pm, value: release.value, source: release.source });
  }
  if (berry) {
    f.details.yarnBerry = berry;
    // Berry reads its settings (and often its own release, yarnPath) before it can install.
    f.details.yarnFiles = [
      '.yarnrc.yml',
      ...(tree.files.some((p) => p.startsWith('.yarn/releases/')) ? ['.yarn/releases'] : []),
      ...(tree.files.some((p) => p.startsWith('.yarn/plugins/')) ? ['.yarn/plugins'] : []),
    ]
      .filter((p) => p !== '.yarnrc.yml' || files.has(p))
      .join(' ');
    const yarnPath = /^yarnPath:\s*["']?([^"'\s]+)/m.exec(tree.read('.yarnrc.yml') ?? '')?.[1];
    if (yarnPath && files.has(yarnPath.replace(/^\.\//, ''))) f.details.yarnPath = yarnPath.replace(/^\.\//, '');
    // A production-only install needs `yarn workspaces focus`: built into Yarn 4, a plugin before.
    const rc = tree.read('.yarnrc.yml') ?? '';
    const focus =
      /plugin-workspace-tools/.test(rc) || Number(/^yarn@(\d+)/.exec(pkg.packageManager ?? '')?.[1] ?? 0) >= 4;
    if (focus) f.details.yarnFocus = 'yes';
    f.reasons.push({
      what: 'production dependencies',
      value: focus ? 'yarn workspaces focus --all --production after the build' : 'dev dependencies kept in the image',
      source: focus
        ? 'Yarn 4, or the workspace-tools plugin in .yarnrc.yml'
        : 'Yarn Berry before 4 has no production-only install without the workspace-tools plugin',
    });
    f.reasons.push({
      what: 'yarn',
      value: berry === 'pnp' ? "Berry, Plug'n'Play (node runs with .pnp.cjs)" : 'Berry, node_modules linker',
      source: '.yarnrc.yml / packageManager',
    });
  }
  f.runtimeVersion = pm === 'bun' ? bunVersion(f, tree, pkg) : nodeVersion(f, tree, pkg);
  // pnpm 6 fails every download on Node 20+ (ERR_INVALID_THIS): Node 18 unless the project asks otherwise.
  if (!f.runtimeVersion && release && /^pnpm@[1-6]\b/.test(release.value)) {
    f.runtimeVersion = '18';
    f.reasons.push({ what: 'node version', value: '18', source: `${release.value} does not run on Node 20+` });
  }

  const server = SERVERS.find(([d]) => has(d));
  const shape = nodeShape(tree, has, Boolean(server));
  f.framework = shape?.framework ?? server?.[1] ?? null;
  if (f.framework)
    f.reasons.push({ what: 'framework', value: f.framework, source: shape?.source ?? `dependency ${server![0]}` });
  // A checked-in Yarn release (yarnPath) runs with node itself: no corepack download.
  const run = (script: string) =>
    f.details.yarnPath ? ['node', f.details.yarnPath, 'run', script] : [pm, 'run', script];
  const tsc =
    !pkg.scripts?.build && has('typescript') && files.has('tsconfig.json') && pm !== 'bun' ? tscBuild(tree, pkg) : null;
  if (pkg.scripts?.build && (shape || server || has('typescript') || pm === 'bun')) {
    f.build = [run('build').join(' ')];
    f.reasons.push({ what: 'build', value: f.build[0]!, source: 'package.json scripts.build' });
  } else if (tsc) {
    f.build = ['node_modules/.bin/tsc'];
    f.reasons.push({
      what: 'build',
      value: 'tsc',
      source: `tsconfig.json, typescript and no build script (output in ${tsc.outDir || 'place'})`,
    });
  } else if (shape) {
    f.build = [
      `node_modules/.bin/${{ 'create-react-app': 'react-scripts', angular: 'ng' }[shape.framework] ?? 'vite'} build`,
    ];
    f.reasons.push({ what: 'build', value: f.build[0]!, source: `${shape.framework} without scripts.build` });
  }

  const js = sourceFiles(tree, ['.js', '.mjs', '.cjs', '.ts']);
  const web = procfileWeb(tree);
  const startScript = pkg.scripts?.start;
  const cmdPort = web ? portFromCommand(web.command) : startScript && !shape ? portFromCommand(startScript) : null;
  const codePort = shape
    ? null
    : portInCode(tree, js, [
        /\.listen\(\s*(\d{2,5})\b/,
        /PORT\)?\s*(?:\|\||\?\?)\s*(\d{2,5})\b/,
        /port:\s*(\d{2,5})\b/,
      ]);
  const httpServer = js.slice(0, 50).some((p) => /\bcreateServer\(|\.listen\(|Bun\.serve\(/.test(tree.read(p) ?? ''));
  f.port = decide(f, 'port', [
    cmdPort
      ? {
          value: cmdPort.port,
          source: `${web ? `Procfile ${web.name}:` : 'package.json scripts.start:'} ${cmdPort.text}`,
        }
      : null,
    shape?.kind === 'static'
      ? { value: 8080, source: `static files served by nginx${shape.spa ? ' (index.html fallback)' : ''}` }
      : null,
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    shape
      ? { value: shape.port, source: `${shape.framework} default` }
      : server
        ? { value: 3000, source: `${server[1]} app, conventional 3000` }
        : null,
    httpServer ? { value: 3000, source: 'HTTP server without a fixed port, conventional 3000' } : null,
  ]);

  const port = String(f.port ?? 3000);
  const entry = [
    pkg.main,
    pkg.module,
    'server.js',
    'index.js',
    'app.js',
    'main.js',
    'src/index.js',
    'src/server.js',
    ...(pm === 'bun' ? ['index.ts', 'src/index.ts'] : []),
  ].find((m) => m && files.has(m) && (/\.[cm]?js$/.test(m) || (pm === 'bun' && /\.[cm]?tsx?$/.test(m))));
  const compiled = tsc ? `${tsc.outDir ? `${tsc.outDir}/` : ''}${(pkg.main ?? 'index.js').replace(/^\.\//, '')}` : null;
  const simpleStart = startScript ? /^(node|bun)\s+(\S+\.[cm]?[jt]s)\s*$/.exec(startScript) : null;
  if (shape?.kind === 'static') {
    f.details.staticDir = shape.outDir!;
    f.details.spa = shape.spa ? 'yes' : '';
  }
  if (shape?.standalone) f.details.nextStandalone = 'yes';
  if (tree.files.some((p) => p.startsWith('public/'))) f.details.hasPublic = 'yes';
  for (const [k, v] of Object.entries(shape?.env ?? {})) f.details[`env.${k}`] = v.replace('{port}', port);
  const shapeStart = shape?.kind === 'server' && shape.start ? shape.start.map((w) => w.replace('{port}', port)) : null;
  const starts: Array<Choice<string[]> | null> = [
    web ? { value: substitutePort(toArgv(web.command), f.port), source: `Procfile ${web.name}:` } : null,
    shape?.kind === 'static'
      ? {
          value: ['nginx', '-e', 'stderr', '-c', '/etc/nginx/tekton-static.conf'],
          source: `${shape.framework} builds static files into ${shape.outDir}/`,
        }
      : null,
    shapeStart ? { value: shapeStart, source: `${shape!.framework}: ${shape!.source}` } : null,
    server?.[0] === '@nestjs/core' ? { value: ['node', 'dist/main.js'], source: 'Nest builds to dist/main.js' } : null,
    simpleStart ? { value: [simpleStart[1]!, simpleStart[2]!], source: 'package.json scripts.start' } : null,
    startScript
      ? {
          value: [pm, pm === 'bun' ? 'run' : 'start', ...(pm === 'bun' ? ['start'] : [])],
          source: 'package.json scripts.start',
        }
      : null,
    compiled ? { value: ['node', compiled], source: `tsc compiles ${pkg.main ?? 'index'} to ${compiled}` } : null,
    entry
      ? {
          value: [pm === 'bun' ? 'bun' : 'node', entry],
          source: pkg.main === entry || pkg.module === entry ? 'package.json main/module' : `${entry} at the app root`,
        }
      : null,
  ];
  f.start = decide(f, 'start', starts, (argv) => argv.join(' ')) ?? [];
  f.entrypoint = entry ?? compiled ?? null;
  f.web = f.port !== null;
  for (const p of procfileOthers(tree, web?.name)) {
    f.extras.push({ name: p.name, kind: 'worker', framework: null, command: toArgv(p.command) });
    f.reasons.push({ what: `process ${p.name}`, value: p.command, source: `Procfile ${p.name}:` });
  }
  return f;
}

/** Yarn 2+ ("Berry"): `pnp` unless .yarnrc.yml says `nodeLinker: node-modules`; null for Yarn 1. */
function yarnBerry(tree: ProjectTree, pkg: PackageJson): 'pnp' | 'node-modules' | null {
  const rc = tree.read('.yarnrc.yml');
  const major = Number(/^yarn@(\d+)/.exec(pkg.packageManager ?? '')?.[1] ?? 0);
  if (rc === null && major < 2 && !/^__metadata:/m.test(tree.read('yarn.lock') ?? '')) return null;
  return /^nodeLinker:\s*["']?node-modules/m.test(rc ?? '') ? 'node-modules' : 'pnp';
}

/** bun, pnpm, yarn or npm: the lockfile first, then package.json's packageManager. */
function packageManager(pkg: PackageJson, files: Set<string>): string {
  if (files.has('bun.lockb') || files.has('bun.lock')) return 'bun';
  if (files.has('pnpm-lock.yaml')) return 'pnpm';
  if (files.has('yarn.lock')) return 'yarn';
  const declared = pkg.packageManager?.split('@')[0];
  return declared && ['npm', 'yarn', 'pnpm', 'bun'].includes(declared) ? declared : 'npm';
}

function nodeVersion(f: LanguageFindings, tree: ProjectTree, pkg: PackageJson): string | null {
  const engines = /(\d+)/.exec(pkg.engines?.node ?? '');
  const toolVersions = /^nodejs\s+v?(\d[\w.]*)/m.exec(tree.read('.tool-versions') ?? '');
  return decide(f, 'node version', [
    ltsAware(versionFile(tree, '.nvmrc')),
    ltsAware(versionFile(tree, '.node-version')),
    toolVersions ? { value: toolVersions[1]!, source: '.tool-versions nodejs' } : null,
    engines ? { value: engines[1]!, source: 'package.json engines.node' } : null,
  ]);
}

/** `.nvmrc` may say `lts/*` or `lts/iron`: not a number, so it does not choose a version. */
function ltsAware(c: Choice<string> | null): Choice<string> | null {
  return c && /^\d/.test(c.value) ? c : null;
}

function bunVersion(f: LanguageFindings, tree: ProjectTree, pkg: PackageJson): string | null {
  const declared = /^bun@(\d[\w.]*)/.exec(pkg.packageManager ?? '')?.[1];
  const engines = /(\d+(?:\.\d+)*)/.exec(pkg.engines?.bun ?? '')?.[1];
  const toolVersions = /^bun\s+v?(\d[\w.]*)/m.exec(tree.read('.tool-versions') ?? '')?.[1];
  return decide(f, 'bun version', [
    declared ? { value: declared, source: 'package.json packageManager' } : null,
    engines ? { value: engines, source: 'package.json engines.bun' } : null,
    toolVersions ? { value: toolVersions, source: '.tool-versions bun' } : null,
    versionFile(tree, '.bun-version'),
  ]);
}

/** tsc's output folder ('' = next to the sources) when the project compiles with plain tsc. */
function tscBuild(tree: ProjectTree, pkg: PackageJson): { outDir: string } | null {
  const main = (pkg.main ?? 'index.js').replace(/^\.\//, '');
  const source = main.replace(/\.js$/, '.ts');
  if (!tree.files.includes(source) && !tree.files.some((p) => p.endsWith(`/${source}`))) return null;
  const outDir = str(readJson(tree, 'tsconfig.json'), 'compilerOptions.outDir') ?? '';
  return { outDir: outDir.replace(/^\.\//, '').replace(/\/$/, '') };
}

/** True when package.json only carries tooling (linters, formatters) and nothing to run. */
export function isToolingOnly(pkg: PackageJson | null, tree: ProjectTree): boolean {
  if (!pkg) return true;
  const runnable = pkg.main || pkg.module || pkg.scripts?.start || Object.keys(pkg.dependencies ?? {}).length;
  const code = tree.files.some(
    (f) => /\.(m|c)?(js|ts)x?$/.test(f) && !/(^|\/)[^/]*\.config\.[cm]?[jt]s$|^\.|(^|\/)\./.test(f),
  );
  return !runnable && !code;
}
