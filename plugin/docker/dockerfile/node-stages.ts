// The Node/Bun part of a generated Dockerfile. Dependency manifests are copied and installed before
// the sources; a build step runs in a build stage (dev dependencies stay there); static output is
// served by nginx (static-server.ts) from a slim Debian image without Node at all.
import type { AppAnalysis } from '../analysis/types';
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

const OWN = '--chown=10001:10001';
const CACHE: Record<string, string> = {
  npm: '/root/.npm',
  yarn: '/usr/local/share/.cache/yarn',
  pnpm: '/root/.local/share/pnpm/store',
  bun: '/root/.bun/install/cache',
};

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
  berry: { release?: string } | null = null,
): string {
  const locked = lockfiles.length > 0;
  switch (pm) {
    // Berry: --immutable is its frozen lockfile; it has no production-only install without a plugin.
    case 'yarn':
      if (berry) {
        const yarn = berry.release ? `node ${berry.release}` : 'corepack enable && yarn';
        return `${yarn} install${locked ? ' --immutable' : ''}`;
      }
      return `corepack enable && yarn install${locked ? ' --frozen-lockfile' : ''}${production ? ' --production' : ''}`;
    // CI=true: pnpm asks before re-installing node_modules in another mode (the --prod prune);
    // without a TTY that question is a failure.
    case 'pnpm':
      return `corepack enable && CI=true pnpm install${locked ? ' --frozen-lockfile' : ''}${production ? ' --prod' : ''}`;
    case 'bun':
      return `bun install${locked ? ' --frozen-lockfile' : ''}${production ? ' --production' : ''}`;
    default:
      return locked && lockfiles.some((l) => l === 'package-lock.json' || l === 'npm-shrinkwrap.json')
        ? `npm ci${production ? ' --omit=dev' : ''}`
        : `npm install --no-audit --no-fund${production ? ' --omit=dev' : ''}`;
  }
}

/** The stages of a Node or Bun app. */
export function nodeStages(app: AppAnalysis, images: BaseImages): Stages {
  const pm = app.packageManager ?? 'npm';
  const lock = (app.details.lockfile ?? '').split(' ').filter(Boolean);
  const withDeps = Boolean(app.details.hasDeps);
  const yarnFiles = (app.details.yarnFiles ?? '').split(' ').filter(Boolean);
  const copyManifests = [
    withDeps ? `COPY ${['package.json', ...lock].join(' ')} ./` : 'COPY package.json ./',
    ...yarnFiles.map((f) => `COPY ${f} ${f.includes('/') ? `${f}/` : './'}`),
  ].join('\n');
  const berry = app.details.yarnBerry ? { release: app.details.yarnPath } : null;
  const install = (production: boolean) =>
    withDeps
      ? [dependencyRun(pm as PackageTool, installCommand(pm, lock, production, berry), { cache: CACHE[pm] })]
      : [];
  const env = pm === 'bun' ? [] : ['ENV NODE_ENV=production'];
  const appEnv = Object.entries(app.details)
    .filter(([k]) => k.startsWith('env.'))
    .map(([k, v]) => `${k.slice(4)}=${v}`);
  // Plug'n'Play: packages resolve through .pnp.cjs, which node loads only when told to.
  if (app.details.yarnBerry === 'pnp') appEnv.push('NODE_OPTIONS="--require /app/.pnp.cjs"');
  const runtimeEnv = appEnv.length ? [`ENV ${appEnv.join(' ')}`] : [];
  if (app.details.workspaceDir)
    return workspaceStages(app, images, { pm, lock, install, env: [...env, ...runtimeEnv] });
  if (!app.build.length) {
    return {
      build: [],
      packages: [],
      env: [...env, ...runtimeEnv],
      runtime: [...(withDeps ? NODE_INDEX_ARGS : []), copyManifests, ...install(true), `COPY ${OWN} . .`],
    };
  }
  // Dev dependencies are needed to build; NODE_ENV=production would make npm and yarn skip them.
  const build = [
    `FROM \${${images.build.arg}} AS build`,
    ...NODE_INDEX_ARGS,
    'WORKDIR /src',
    copyManifests,
    ...install(false),
    'COPY . .',
    ...app.build.map((b) => `RUN ${pm === 'bun' ? b : `NODE_ENV=production ${b}`}`),
  ];
  if (app.details.staticDir) {
    const dir = app.details.staticDir;
    return {
      build,
      packages: ['nginx'],
      env: [],
      runtime: [
        ...staticServerLines(`/app/${dir}`, app.port ?? 8080, Boolean(app.details.spa)),
        `COPY --from=build ${OWN} /src/${dir} ./${dir}`,
      ],
    };
  }
  if (app.details.nextStandalone) {
    return {
      build,
      packages: [],
      env: [...env, ...runtimeEnv],
      runtime: [
        `COPY --from=build ${OWN} /src/.next/standalone ./`,
        `COPY --from=build ${OWN} /src/.next/static ./.next/static`,
        ...(app.details.hasPublic ? [`COPY --from=build ${OWN} /src/public ./public`] : []),
      ],
    };
  }
  // Drop dev dependencies after the build, so the runtime copy carries only what runs.
  const prune =
    withDeps && !berry
      ? [
          pm === 'npm'
            ? 'RUN npm prune --omit=dev'
            : dependencyRun(pm as PackageTool, installCommand(pm, lock, true), { cache: CACHE[pm] }),
        ]
      : [];
  return {
    build: [...build, ...prune],
    packages: [],
    env: [...env, ...runtimeEnv],
    runtime: [`COPY --from=build ${OWN} /src ./`],
  };
}

/** A workspace member: install at the root (every member's manifest first), build in its folder, run there. */
function workspaceStages(
  app: AppAnalysis,
  images: BaseImages,
  o: { pm: string; lock: string[]; install: (production: boolean) => string[]; env: string[] },
): Stages {
  const dir = app.details.workspaceDir!;
  const members = (app.details.members ?? '').split(' ').filter(Boolean);
  const rootFiles = ['package.json', ...o.lock, ...(app.details.pnpmWorkspace ? ['pnpm-workspace.yaml'] : [])];
  const name = app.details.packageName;
  const build = app.build.length
    ? [
        app.details.turbo && name
          ? `RUN node_modules/.bin/turbo run build --filter=${name}`
          : `RUN cd ${dir} && NODE_ENV=production ${app.build.join(' && ')}`,
      ]
    : [];
  const stage = [
    `FROM \${${images.build.arg}} AS build`,
    ...NODE_INDEX_ARGS,
    'WORKDIR /src',
    `COPY ${rootFiles.join(' ')} ./`,
    ...members.map((m) => `COPY ${m}/package.json ${m}/`),
    ...o.install(false),
    'COPY . .',
    ...build,
  ];
  if (app.details.staticDir) {
    const out = `${dir}/${app.details.staticDir}`;
    return {
      build: stage,
      packages: ['nginx'],
      env: [],
      runtime: [
        ...staticServerLines(`/app/${out}`, app.port ?? 8080, Boolean(app.details.spa)),
        `COPY --from=build ${OWN} /src/${out} ./${out}`,
      ],
    };
  }
  const prune = o.pm === 'npm' ? ['RUN npm prune --omit=dev'] : o.install(true);
  return {
    build: [...stage, ...prune],
    packages: [],
    env: o.env,
    runtime: [`COPY --from=build ${OWN} /src ./`, `WORKDIR /app/${dir}`],
  };
}
