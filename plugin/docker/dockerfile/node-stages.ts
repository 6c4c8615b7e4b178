// The Node/Bun part of a generated Dockerfile. Dependency manifests are copied and installed before
// the sources; a build step runs in a build stage (dev dependencies stay there); static output is
// served by nginx (static-server.ts) from a slim Debian image without Node at all.
import type { AppAnalysis } from '../analysis/types';
import { envPair, plainPath, runCommand } from '../quoting/dockerfile-text';
import { shellWord } from '../quoting/shell-word';
import type { BaseImages } from './base-images';
import { dependencyRun, type PackageTool } from './package-env';
import { staticServerLines } from './static-server';

/** What a language contributes to the Dockerfile (see language-stages.ts). */
export interface Stages {
  build: string[];
  runtime: string[];
  packages: string[];
  env: string[];
}

const CACHE: Record<string, string> = {
  npm: '/root/.npm',
  yarn: '/usr/local/share/.cache/yarn',
  pnpm: '/root/.local/share/pnpm/store',
  bun: '/root/.bun/install/cache',
};

/**
 * Where corepack keeps the pinned pnpm / Yarn 1 (readable by the app's user, copied to the final
 * image); no auto-pinning of package.json, no registry lookup for "latest" once a release is active.
 */
const COREPACK_HOME = '/usr/local/share/corepack';
const COREPACK_ENV = `ENV COREPACK_HOME=${COREPACK_HOME} COREPACK_ENABLE_AUTO_PIN=0 COREPACK_DEFAULT_TO_LATEST=0`;

/** Package-registry settings as build arguments (unset: the npm registry). */
export const NODE_INDEX_ARGS = [
  '# Package registry for mirrors and offline builds (unset: the npm registry).',
  'ARG NPM_CONFIG_REGISTRY',
  'ARG NPM_CONFIG_OFFLINE',
];

/** The install command: the lockfile honoured when there is one. */
function installCommand(
  pm: string,
  lockfiles: string[],
  production: boolean,
  berry: { release?: string; focus?: boolean } | null = null,
  release: string | null = null,
): string {
  const locked = lockfiles.length > 0;
  const corepack = release ? `corepack enable && corepack prepare ${shellWord(release)} --activate` : 'corepack enable';
  switch (pm) {
    // Berry: --immutable is its frozen lockfile; production-only is `workspaces focus` (Yarn 4, or a plugin).
    case 'yarn':
      if (berry) {
        const yarn = berry.release
          ? `node ${plainPath(berry.release, 'the yarnPath of .yarnrc.yml')}`
          : 'corepack enable && yarn';
        if (production && berry.focus) return `${yarn} workspaces focus --all --production`;
        return `${yarn} install${locked ? ' --immutable' : ''}`;
      }
      return `${corepack} && yarn install${locked ? ' --frozen-lockfile' : ''}${production ? ' --production' : ''}`;
    // CI=true: pnpm asks before re-installing node_modules in another mode (the --prod prune);
    // without a TTY that question is a failure.
    case 'pnpm':
      return `${corepack} && CI=true pnpm install${locked ? ' --frozen-lockfile' : ''}${production ? ' --prod' : ''}`;
    case 'bun':
      return `bun install${locked ? ' --frozen-lockfile' : ''}${production ? ' --production' : ''}`;
    // Without the scripts: they run in the next step, where the index credentials are not (npmInstallSteps).
    default:
      return locked && lockfiles.some((l) => l === 'package-lock.json' || l === 'npm-shrinkwrap.json')
        ? `npm ci --ignore-scripts${production ? ' --omit=dev' : ''}`
        : `npm install --no-audit --no-fund --ignore-scripts${production ? ' --omit=dev' : ''}`;
  }
}

/**
 * What `npm ci` runs besides fetching: every dependency's install scripts (`npm rebuild`), then the
 * project's own `prepare`. A step of its own, without the index credentials the fetch step had.
 */
export const NPM_SCRIPTS = 'npm rebuild && npm run --if-present prepare';

/** The install of `pm` as RUN lines: for npm, fetch (credentials, no scripts) then the scripts (no credentials). */
function installSteps(pm: string, command: string): string[] {
  if (pm !== 'npm') return [dependencyRun(pm as PackageTool, command, { cache: CACHE[pm] })];
  return [
    dependencyRun('npm', command, { cache: CACHE.npm, kind: 'fetch' }),
    dependencyRun('npm', NPM_SCRIPTS, { kind: 'scripts' }),
  ];
}

/** The stages of a Node or Bun app. */
export function nodeStages(app: AppAnalysis, images: BaseImages): Stages {
  const pm = app.packageManager ?? 'npm';
  const lock = pathList(app.details.lockfile);
  const withDeps = Boolean(app.details.hasDeps);
  const yarnFiles = pathList(app.details.yarnFiles);
  const copyManifests = [
    withDeps ? `COPY ${['package.json', ...lock].join(' ')} ./` : 'COPY package.json ./',
    ...yarnFiles.map((f) => `COPY ${f} ${f.includes('/') ? `${f}/` : './'}`),
  ].join('\n');
  const berry = app.details.yarnBerry ? { release: app.details.yarnPath, focus: Boolean(app.details.yarnFocus) } : null;
  const release = app.details.pmRelease ?? null;
  const install = (production: boolean) =>
    withDeps ? installSteps(pm, installCommand(pm, lock, production, berry, release)) : [];
  // The pinned pnpm / Yarn 1 stays in the final image: start commands, scripts and apps call it.
  const corepack = release ? corepackLines(pm, release, withDeps) : null;
  // engines.node already chose the base image; Yarn 1 re-checking it at `yarn start` only stops a
  // nearest-version stand-in, which the plan names.
  const yarnEngines = pm === 'yarn' && corepack ? ['ENV YARN_IGNORE_ENGINES=true'] : [];
  const env = [
    ...(pm === 'bun' ? [] : ['ENV NODE_ENV=production']),
    ...(corepack ? [COREPACK_ENV] : []),
    ...yarnEngines,
  ];
  const appEnv = Object.entries(app.details)
    .filter(([k]) => k.startsWith('env.'))
    .map(([k, v]) => envPair(k.slice(4), v));
  // Plug'n'Play: packages resolve through .pnp.cjs, which node loads only when told to.
  if (app.details.yarnBerry === 'pnp') appEnv.push('NODE_OPTIONS="--require /app/.pnp.cjs"');
  const runtimeEnv = appEnv.length ? [`ENV ${appEnv.join(' ')}`] : [];
  if (app.details.workspaceDir)
    return workspaceStages(app, images, { pm, lock, install, env: [...env, ...runtimeEnv], corepack });
  if (!app.build.length) {
    return {
      build: [],
      packages: [],
      env: [...env, ...runtimeEnv],
      runtime: [
        ...(withDeps || corepack ? NODE_INDEX_ARGS : []),
        copyManifests,
        ...(corepack?.here ?? []),
        ...install(true),
        `COPY . .`,
      ],
    };
  }
  // Dev dependencies are needed to build; NODE_ENV=production would make npm and yarn skip them.
  const build = [
    `FROM \${${images.build.arg}} AS build`,
    ...NODE_INDEX_ARGS,
    ...(corepack ? [COREPACK_ENV] : []),
    'WORKDIR /src',
    copyManifests,
    ...install(false),
    'COPY . .',
    ...app.build.map((b) => `RUN ${runCommand(pm === 'bun' ? b : `NODE_ENV=production ${b}`)}`),
  ];
  if (app.details.staticDir) {
    const dir = plainPath(app.details.staticDir, 'the static output folder');
    return {
      build,
      packages: ['nginx'],
      env: [],
      runtime: [
        ...staticServerLines(`/app/${dir}`, app.port ?? 8080, Boolean(app.details.spa)),
        `COPY --from=build /src/${dir} ./${dir}`,
      ],
    };
  }
  if (app.details.nextStandalone) {
    return {
      build,
      packages: [],
      env: [...env, ...runtimeEnv],
      runtime: [
        `COPY --from=build /src/.next/standalone ./`,
        `COPY --from=build /src/.next/static ./.next/static`,
        ...(app.details.hasPublic ? [`COPY --from=build /src/public ./public`] : []),
      ],
    };
  }
  // Drop dev dependencies after the build, so the runtime copy carries only what runs.
  const prune =
    withDeps && (!berry || berry.focus)
      ? [
          pm === 'npm'
            ? 'RUN npm prune --omit=dev'
            : dependencyRun(pm as PackageTool, installCommand(pm, lock, true, berry, release), { cache: CACHE[pm] }),
        ]
      : [];
  return {
    build: [...build, ...prune],
    packages: [],
    env: [...env, ...runtimeEnv],
    runtime: [...(corepack?.fromBuild ?? []), `COPY --from=build /src ./`],
  };
}

/**
 * Corepack's pinned release in an image: `here` when the stage itself installs (it prepares the
 * release only when the install does not), `fromBuild` when the build stage has it.
 */
function corepackLines(pm: string, release: string, installs: boolean): { here: string[]; fromBuild: string[] } {
  const prepare = `corepack enable && corepack prepare ${shellWord(release)} --activate`;
  return {
    here: installs ? [] : [dependencyRun(pm as PackageTool, prepare)],
    fromBuild: [`COPY --from=build ${COREPACK_HOME} ${COREPACK_HOME}`, `RUN corepack enable ${pm}`],
  };
}

/** A workspace member: install at the root (every member's manifest first), build in its folder, run there. */
function workspaceStages(
  app: AppAnalysis,
  images: BaseImages,
  o: {
    pm: string;
    lock: string[];
    install: (production: boolean) => string[];
    env: string[];
    corepack: { fromBuild: string[] } | null;
  },
): Stages {
  const dir = plainPath(app.details.workspaceDir!, 'the workspace member folder');
  const members = pathList(app.details.members);
  const rootFiles = ['package.json', ...o.lock, ...(app.details.pnpmWorkspace ? ['pnpm-workspace.yaml'] : [])];
  const name = app.details.packageName;
  const build = app.build.length
    ? [
        app.details.turbo && name
          ? `RUN node_modules/.bin/turbo run build ${shellWord(`--filter=${name}`)}`
          : `RUN ${runCommand(`cd ${dir} && NODE_ENV=production ${app.build.join(' && ')}`)}`,
      ]
    : [];
  const stage = [
    `FROM \${${images.build.arg}} AS build`,
    ...NODE_INDEX_ARGS,
    ...(o.corepack ? [COREPACK_ENV] : []),
    'WORKDIR /src',
    `COPY ${rootFiles.join(' ')} ./`,
    ...members.map((m) => `COPY ${m}/package.json ${m}/`),
    ...o.install(false),
    'COPY . .',
    ...build,
  ];
  if (app.details.staticDir) {
    const out = `${dir}/${plainPath(app.details.staticDir, 'the static output folder')}`;
    return {
      build: stage,
      packages: ['nginx'],
      env: [],
      runtime: [
        ...staticServerLines(`/app/${out}`, app.port ?? 8080, Boolean(app.details.spa)),
        `COPY --from=build /src/${out} ./${out}`,
      ],
    };
  }
  const prune = o.pm === 'npm' ? ['RUN npm prune --omit=dev'] : o.install(true);
  return {
    build: [...stage, ...prune],
    packages: [],
    env: o.env,
    runtime: [...(o.corepack?.fromBuild ?? []), `COPY --from=build /src ./`, `WORKDIR /app/${dir}`],
  };
}

/** A space-separated list of project paths (lockfiles, workspace members), each a plain path. */
function pathList(list: string | undefined): string[] {
  return (list ?? '')
    .split(' ')
    .filter(Boolean)
    .map((p) => plainPath(p, 'a path copied into the image'));
}
