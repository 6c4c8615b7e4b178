// The language-specific part of a generated Dockerfile: an optional build stage, and the lines of
// the final stage that install dependencies and copy the app. Dependency manifests are copied and
// installed before the sources, so a source-only change reuses the dependency layers.
import type { AppAnalysis } from '../analysis/types';
import { fileName, plainPath, portNumber, runCommand } from '../quoting/dockerfile-text';
import { shellWord } from '../quoting/shell-word';
import type { BaseImages } from './base-images';
import { nodeStages, NODE_INDEX_ARGS } from './node-stages';
import { dependencyRun } from './package-env';
import { PYTHON_INDEX_ARGS, pythonStages } from './python-stages';

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

/** Package-index settings as build arguments: unset, the public index is used; a mirror or an offline build sets them. */
export const INDEX_ARGS = {
  python: PYTHON_INDEX_ARGS,
  node: NODE_INDEX_ARGS,
  go: ['# Module proxy for mirrors and offline builds (unset: proxy.golang.org).', 'ARG GOPROXY', 'ARG GOFLAGS'],
};

/** The stages for one app. */
export function languageStages(app: AppAnalysis, images: BaseImages): LanguageStages {
  const from = `FROM \${${images.build.arg}} AS build`;
  switch (app.language) {
    case 'python':
      return pythonStages(app);
    case 'node':
      return nodeStages(app, images);
    case 'go': {
      const cache = '/root/go/pkg/mod';
      // The build is a dependency step too: modules go.sum lacks are fetched by `go build` (GOFLAGS=-mod=mod).
      const buildRun = (pkg: string) =>
        dependencyRun(
          'go',
          `CGO_ENABLED=${app.details.cgo ? '1' : '0'} go build -trimpath -o /out/server ${plainPath(pkg, 'a Go package path')}`,
          {
            cache: `/root/.cache/go-build ${cache}`,
          },
        );
      if (app.details.goWork) {
        // A go.work member builds against its sibling modules: the whole workspace is the context,
        // and the build itself fetches the modules (a dependency step, with the compile cache added).
        const pkg = `./${app.dir}/${(app.details.mainPackage ?? '.').replace(/^\.\/?/, '')}`.replace(/\/$/, '');
        const compile = `CGO_ENABLED=${app.details.cgo ? '1' : '0'} go build -trimpath -o /out/server ${plainPath(pkg, 'a Go package path')}`;
        return {
          build: [
            from,
            ...INDEX_ARGS.go,
            'WORKDIR /src',
            'COPY . .',
            dependencyRun('go', compile, { cache }).replace(
              /^RUN /,
              'RUN --mount=type=cache,target=/root/.cache/go-build ',
            ),
          ],
          runtime: [`COPY --from=build /out/server /app/server`],
          packages: ['ca-certificates'],
          env: [],
        };
      }
      return {
        build: [
          from,
          ...INDEX_ARGS.go,
          'WORKDIR /src',
          `COPY go.mod${app.details.goSum ? ' go.sum' : ''} ./`,
          dependencyRun('go', 'go mod download', { cache }),
          'COPY . .',
          buildRun(app.details.mainPackage ?? '.'),
        ],
        runtime: [`COPY --from=build /out/server /app/server`],
        packages: ['ca-certificates'],
        env: [],
      };
    }
    case 'rust': {
      const bin = fileName(app.details.binary ?? 'app', 'the Cargo binary name');
      const locked = app.details.cargoLock ? ' --locked' : '';
      // The target dir is cached per binary name and locked while in use: a build's `cp` must find its own binary,
      // not one another project of the same shape wrote meanwhile; the crate cache is shared (cargo locks it).
      const target = `--mount=type=cache,id=cargo-target-${bin},sharing=locked,target=/src/target`;
      return {
        build: [
          from,
          // Without a Cargo.lock, cargo picks the newest crates, some of which need a newer rustc than the image's
          // (a stand-in's is the nearest to the one asked): prefer the releases this rustc (or rust-version) builds.
          'ENV CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback',
          'WORKDIR /src',
          'COPY . .',
          dependencyRun(
            'cargo',
            `cargo build --release${locked} --bin ${bin} && cp target/release/${bin} /out-server`,
            { cache: '/usr/local/cargo/registry /usr/local/cargo/git' },
          ).replace(/^RUN /, `RUN ${target} `),
        ],
        runtime: [`COPY --from=build /out-server /app/server`],
        packages: ['ca-certificates'],
        // Rocket listens on 127.0.0.1 unless told otherwise: unreachable through a published port.
        env:
          app.framework === 'rocket' ? [`ENV ROCKET_ADDRESS=0.0.0.0 ROCKET_PORT=${portNumber(app.port ?? 8000)}`] : [],
      };
    }
    case 'java': {
      const maven = app.packageManager === 'maven';
      // The image's own mvn/gradle, not the wrapper: a wrapper downloads its distribution first.
      const tool = maven ? 'mvn' : 'gradle';
      const cache = maven ? '/root/.m2' : '/root/.gradle';
      const goOffline = maven
        ? ['COPY pom.xml ./', dependencyRun('maven', `${tool} -B -q dependency:go-offline`, { cache })]
        : [];
      // Maven's resources plugin copies a file only when it is newer than its target: a context dated the epoch (as
      // ours was, and layers cached from then still are) left every unfiltered resource out of the jar. target/
      // starts empty here, so overwriting costs nothing.
      const build = maven
        ? `${tool} -B -DskipTests -Dmaven.resources.overwrite=true package`
        : `${tool} --no-daemon build -x test`;
      return {
        build: [
          from,
          'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
          'WORKDIR /src',
          ...goOffline,
          'COPY . .',
          dependencyRun(
            maven ? 'maven' : 'gradle',
            // The runnable jar, not the -plain, -sources or -javadoc ones Gradle and Maven also make.
            `${build} && cp "$(ls ${app.details.artifactGlob} | grep -v -e plain -e sources -e javadoc | head -n 1)"` +
              ' /out-app.jar',
            { cache },
          ),
        ],
        runtime: [`COPY --from=build /out-app.jar /app/app.jar`],
        packages: [],
        env: [],
      };
    }
    case 'dotnet':
      return {
        build: [
          from,
          'WORKDIR /src',
          'COPY . .',
          // Assembled here from the project file's name (one quoted word), not taken as shell text.
          `RUN --mount=type=cache,target=/root/.nuget/packages dotnet publish ${app.details.project ? `${shellWord(app.details.project)} ` : ''}-c Release -o /out`,
        ],
        runtime: [`COPY --from=build /out/ /app/`],
        packages: [],
        env: [`ENV ASPNETCORE_HTTP_PORTS=${portNumber(app.port ?? 8080)}`],
      };
    case 'ruby':
      return {
        build: [],
        runtime: [
          'COPY Gemfile Gemfile.lock* ./',
          dependencyRun('bundler', 'bundle config set --local without "development test" && bundle install', {
            cache: '/usr/local/bundle/cache',
          }),
          `COPY . .`,
        ],
        packages: [],
        env: ['ENV RAILS_ENV=production RACK_ENV=production'],
      };
    case 'php': {
      const composer = app.packageManager === 'composer';
      return {
        build: [],
        packages: composer ? ['unzip'] : [],
        env: [],
        runtime: composer
          ? [
              'COPY --from=composer:2 /usr/bin/composer /usr/bin/composer',
              'COPY composer.json composer.lock* ./',
              dependencyRun('composer', 'composer install --no-dev --no-scripts --no-autoloader --no-interaction'),
              `COPY . .`,
              'RUN composer dump-autoload --optimize',
            ]
          : [`COPY . .`],
      };
    }
    case 'deno': {
      const config = ['deno.json', 'deno.jsonc', 'deno.lock'].filter((f) => app.details[`has:${f}`]);
      return {
        build: [],
        packages: [],
        env: ['ENV DENO_DIR=/app/.deno'],
        runtime: [
          ...(config.length ? [`COPY ${config.join(' ')} ./`] : []),
          `COPY . .`,
          // NO_COLOR: a failed fetch is quoted in the BuildError, which should not carry escape codes.
          dependencyRun('deno', `NO_COLOR=1 deno cache ${shellWord(app.entrypoint ?? 'main.ts')}`),
        ],
      };
    }
    case 'elixir':
      return {
        build: [],
        packages: ['build-essential'],
        env: ['ENV MIX_ENV=prod MIX_HOME=/app/.mix HEX_HOME=/app/.hex'],
        runtime: [
          'COPY mix.exs mix.lock* ./',
          'RUN mix local.hex --force && mix local.rebar --force && mix deps.get --only prod',
          `COPY . .`,
          'RUN mix compile',
        ],
      };
    case 'cpp': {
      // The gcc image has the compilers but neither CMake nor Meson: Debian's are installed in the build stage.
      const tool = app.packageManager === 'cmake' ? 'cmake' : 'meson ninja-build';
      return {
        build: [
          from,
          'WORKDIR /src',
          '# hadolint ignore=DL3008',
          dependencyRun(
            'apt',
            `apt-get update && apt-get install -y --no-install-recommends ${tool} && rm -rf /var/lib/apt/lists/*`,
          ),
          'COPY . .',
          `RUN ${runCommand(app.build[0]!)} && cp build/${fileName(app.details.binary ?? 'app', 'the executable name')} /out-server`,
        ],
        runtime: [`COPY --from=build /out-server /app/server`],
        packages: [],
        env: [],
      };
    }
    case 'static':
      return { build: [], packages: ['busybox'], env: [], runtime: [`COPY . .`] };
    case 'shell':
      return { build: [], packages: [], env: [], runtime: [`COPY . .`] };
  }
}
