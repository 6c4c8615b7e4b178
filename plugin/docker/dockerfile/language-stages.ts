// The language-specific part of a generated Dockerfile: an optional build stage, and the lines of
// the final stage that install dependencies and copy the app. Dependency manifests are copied and
// installed before the sources, so a source-only change reuses the dependency layers.
import type { AppAnalysis } from '../analysis/types';
import type { BaseImages } from './base-images';
import { dependencyRun, type PackageTool } from './package-env';

/** What a language contributes to the Dockerfile. */
export interface LanguageStages {
  /** Lines of the build stage (from `FROM ... AS build`), or empty when there is none. */
  build: string[];
  /** Lines of the final stage after the common setup (WORKDIR /app is already set). */
  runtime: string[];
  /** Debian packages the final stage needs for the app itself. */
  packages: string[];
  /** ENV lines for the final stage. */
  env: string[];
}

const OWN = '--chown=10001:10001';

/** Offline switches as build arguments (mirrors, CA and credentials come as secrets: package-env.ts). */
export const INDEX_ARGS = {
  python: ['# Set by offline builds only (unset: PyPI, or your index from the package environment).', 'ARG PIP_NO_INDEX', 'ARG PIP_NO_DEPS'],
  node: ['# Set by offline builds only (unset: the npm registry, or yours from the package environment).', 'ARG NPM_CONFIG_OFFLINE'],
  go: ['# Set by offline builds only (unset: proxy.golang.org, or your GOPROXY from the package environment).', 'ARG GOPROXY', 'ARG GOFLAGS'],
};

/** The stages for one app. */
export function languageStages(app: AppAnalysis, images: BaseImages): LanguageStages {
  const from = `FROM \${${images.build.arg}} AS build`;
  const has = (f: string) => app.details.lockfile?.split(' ').includes(f);
  switch (app.language) {
    case 'python': return python(app);
    case 'node': {
      const pm = app.packageManager ?? 'npm';
      const lock = (app.details.lockfile ?? '').split(' ').filter(Boolean);
      const manifests = ['package.json', ...lock].join(' ');
      const cacheDir = pm === 'npm' ? '/root/.npm' : pm === 'yarn' ? '/usr/local/share/.cache/yarn' : pm === 'pnpm' ? '/root/.local/share/pnpm/store' : '/root/.bun/install/cache';
      const ci = pm === 'npm' ? (has('package-lock.json') || has('npm-shrinkwrap.json') ? 'npm ci' : 'npm install --no-audit --no-fund')
        : pm === 'yarn' ? 'corepack enable && yarn install --frozen-lockfile' : pm === 'pnpm' ? 'corepack enable && pnpm install --frozen-lockfile' : 'bun install';
      const prodFlag = pm === 'npm' ? ' --omit=dev' : pm === 'yarn' ? ' --production' : pm === 'pnpm' ? ' --prod' : ' --production';
      const tool: PackageTool = pm === 'npm' || pm === 'yarn' || pm === 'pnpm' || pm === 'bun' ? pm : 'npm';
      const install = app.details.hasDeps ? [`COPY ${manifests} ./`] : ['COPY package.json ./'];
      if (app.build.length) {
        const staticOut = app.details.staticDir;
        return {
          build: [from, ...INDEX_ARGS.node, 'WORKDIR /src', ...install, ...(app.details.hasDeps ? [dependencyRun(tool, ci, { cache: cacheDir })] : []), 'COPY . .', ...app.build.map((b) => `RUN ${b}`),
            ...(!staticOut && app.details.hasDeps ? [pm === 'npm' ? 'RUN npm prune --omit=dev' : dependencyRun(tool, `${ci}${prodFlag}`)] : [])],
          runtime: staticOut ? [`COPY --from=build ${OWN} /src/${staticOut} ./${staticOut}`] : [`COPY --from=build ${OWN} /src ./`],
          packages: staticOut ? ['busybox'] : [],
          env: ['ENV NODE_ENV=production'],
        };
      }
      return {
        build: [],
        runtime: [...(app.details.hasDeps ? INDEX_ARGS.node : []), ...install, ...(app.details.hasDeps ? [dependencyRun(tool, `${ci}${prodFlag}`, { cache: cacheDir })] : []), `COPY ${OWN} . .`],
        packages: [], env: ['ENV NODE_ENV=production'],
      };
    }
    case 'go':
      return {
        build: [from, ...INDEX_ARGS.go, 'WORKDIR /src', `COPY go.mod${app.details.goSum ? ' go.sum' : ''} ./`, dependencyRun('go', 'go mod download', { cache: '/root/go/pkg/mod' }), 'COPY . .',
          dependencyRun('go', `CGO_ENABLED=0 go build -trimpath -o /out/server ${app.details.mainPackage ?? '.'}`, { cache: '/root/.cache/go-build /root/go/pkg/mod' })],
        runtime: [`COPY --from=build ${OWN} /out/server /app/server`], packages: ['ca-certificates'], env: [],
      };
    case 'rust':
      return {
        build: [from, 'WORKDIR /src', 'COPY . .', `RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/src/target cargo build --release --locked && cp target/release/${app.details.binary} /out-server`],
        runtime: [`COPY --from=build ${OWN} /out-server /app/server`], packages: ['ca-certificates'], env: [],
      };
    case 'java': {
      const maven = app.packageManager === 'maven';
      return {
        build: [from, 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'WORKDIR /src', ...(maven ? ['COPY pom.xml ./', dependencyRun('maven', 'mvn -B dependency:go-offline', { cache: '/root/.m2' })] : []), 'COPY . .',
          dependencyRun(maven ? 'maven' : 'gradle', `${app.build[0]} && cp $(ls ${app.details.artifactGlob} | grep -v plain | head -n 1) /out-app.jar`, { cache: maven ? '/root/.m2' : '/root/.gradle' })],
        runtime: [`COPY --from=build ${OWN} /out-app.jar /app/app.jar`], packages: [], env: [],
      };
    }
    case 'dotnet':
      return {
        build: [from, 'WORKDIR /src', 'COPY . .', `RUN --mount=type=cache,target=/root/.nuget/packages ${app.build[0]}`],
        runtime: [`COPY --from=build ${OWN} /out/ /app/`], packages: [], env: ['ENV ASPNETCORE_HTTP_PORTS=' + String(app.port ?? 8080)],
      };
    case 'ruby':
      return {
        build: [],
        runtime: ['COPY Gemfile Gemfile.lock* ./', 'RUN --mount=type=cache,target=/usr/local/bundle/cache bundle config set --local without "development test" && bundle install', `COPY ${OWN} . .`],
        packages: [], env: ['ENV RAILS_ENV=production RACK_ENV=production'],
      };
    case 'php': {
      const composer = app.packageManager === 'composer';
      return {
        build: [], packages: composer ? ['unzip'] : [], env: [],
        runtime: composer ? ['COPY --from=composer:2 /usr/bin/composer /usr/bin/composer', 'COPY composer.json composer.lock* ./', 'RUN composer install --no-dev --no-scripts --no-autoloader --no-interaction', `COPY ${OWN} . .`, 'RUN composer dump-autoload --optimize']
          : [`COPY ${OWN} . .`],
      };
    }
    case 'deno':
      return { build: [], packages: [], env: ['ENV DENO_DIR=/app/.deno'], runtime: [`COPY ${OWN} . .`, `RUN deno cache ${app.entrypoint ?? 'main.ts'}`] };
    case 'elixir':
      return {
        build: [], packages: ['build-essential'], env: ['ENV MIX_ENV=prod MIX_HOME=/app/.mix HEX_HOME=/app/.hex'],
        runtime: ['COPY mix.exs mix.lock* ./', 'RUN mix local.hex --force && mix local.rebar --force && mix deps.get --only prod', `COPY ${OWN} . .`, 'RUN mix compile'],
      };
    case 'static':
      return { build: [], packages: ['busybox'], env: [], runtime: [`COPY ${OWN} . .`] };
    case 'shell':
      return { build: [], packages: [], env: [], runtime: [`COPY ${OWN} . .`] };
  }
}

function python(app: AppAnalysis): LanguageStages {
  const pip = (command: string) => dependencyRun('pip', command, { cache: '/root/.cache/pip' });
  const env = ['ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1'];
  const manifests: Record<string, [string, string]> = {
    pip: ['COPY requirements.txt ./', pip('pip install -r requirements.txt')],
    poetry: ['COPY pyproject.toml poetry.lock* ./', pip('pip install poetry==1.8.3 && poetry config virtualenvs.create false && poetry install --only main --no-root --no-interaction')],
    uv: ['COPY pyproject.toml uv.lock* ./', pip('pip install uv==0.4.30 && uv pip install --system -r pyproject.toml')],
    pipenv: ['COPY Pipfile Pipfile.lock* ./', pip('pip install pipenv==2024.4.0 && pipenv install --system --deploy')],
    pdm: ['COPY pyproject.toml pdm.lock* ./', pip('pip install pdm==2.20.1 && pdm export --prod --without-hashes -o /tmp/requirements.txt && pip install -r /tmp/requirements.txt')],
  };
  const fromPyproject = app.details.depsFile === 'pyproject.toml' && app.packageManager === 'pip';
  const steps = app.packageManager && !fromPyproject ? manifests[app.packageManager] : fromPyproject ? (['COPY pyproject.toml ./', pip(`python3 -c "import tomllib; print(chr(10).join(tomllib.load(open('pyproject.toml', 'rb'))['project'].get('dependencies', [])))" > /tmp/requirements.txt && pip install -r /tmp/requirements.txt`)] as [string, string]) : undefined;
  return { build: [], packages: [], env, runtime: [...(steps ? INDEX_ARGS.python : []), ...(steps ?? []), `COPY ${OWN} . .`] };
}
