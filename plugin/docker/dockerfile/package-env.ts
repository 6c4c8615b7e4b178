// The Dockerfile side of the user's package environment (docs/design-decisions.md, Package
// environment): every step that reaches a package index mounts the CA bundle and a small shell file
// of index/mirror settings as BuildKit secrets, sources the file, then runs the tool. Secrets exist
// only while that RUN runs, so neither the CA nor a token in an index URL lands in a layer or in
// `docker history`. Proxies travel as Docker's predefined HTTP(S)_PROXY/NO_PROXY build arguments,
// which history does not record. A plain `docker build` without the secrets still works: the
// mounts are optional and the file is sourced only when present.
// Index credentials (a token, a password, a URL with user:password@) are a secret of their own,
// mounted only in steps that run no code of the project or its dependencies (docs/security.md,
// boundary 4): an install script could read anything its step can. npm installs with
// --ignore-scripts beside the credentials, then runs the scripts in a step without them; pip holds
// them only to install wheels (the credentials file sets PIP_ONLY_BINARY, so no sdist's setup code
// runs beside them). Tools whose install runs dependency code and has no sound split yet are
// EXPOSED_TOOLS: their steps still see the credentials, and docs/security.md says so.

/** A package tool a dependency step runs. */
export type PackageTool =
  | 'pip'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'bun'
  | 'go'
  | 'cargo'
  | 'maven'
  | 'gradle'
  | 'composer'
  | 'bundler'
  | 'deno'
  | 'apt'
  | 'git';

/** Where the secrets appear inside a dependency step. */
export const PACKAGE_ENV_PATHS = {
  ca: '/run/tekton/ca.crt',
  env: '/run/tekton/package-env.sh',
  credentials: '/run/tekton/package-credentials.sh',
  npmrc: '/run/tekton/npmrc',
  javaTruststore: '/run/tekton/cacerts.jks',
  mavenSettings: '/run/tekton/maven-settings.xml',
} as const;

/** Secret ids (the build request serves them by these names). */
export const PACKAGE_ENV_SECRETS = {
  ca: 'tekton-ca',
  env: 'tekton-package-env',
  credentials: 'tekton-package-credentials',
  npmrc: 'tekton-npmrc',
  javaTruststore: 'tekton-java-truststore',
  mavenSettings: 'tekton-maven-settings',
} as const;

/** Secrets that may carry an index credential (a token, a password, a mirror URL with user:password@). */
export const CREDENTIAL_SECRET_IDS: ReadonlySet<string> = new Set([
  PACKAGE_ENV_SECRETS.credentials,
  PACKAGE_ENV_SECRETS.npmrc,
  PACKAGE_ENV_SECRETS.mavenSettings,
]);

const JVM_TOOLS: ReadonlySet<PackageTool> = new Set(['maven', 'gradle']);

/**
 * Tools whose dependency step runs third-party code (lifecycle scripts, build.rs, plugins, native
 * extensions) and still gets the index credentials: no download/run split is sound for them yet.
 */
export const EXPOSED_TOOLS: ReadonlySet<PackageTool> = new Set([
  'yarn',
  'pnpm',
  'bun',
  'cargo',
  'maven',
  'gradle',
  'composer',
  'bundler',
]);

/**
 * What a step runs: 'fetch', no code of the project or its dependencies (it gets the credentials);
 * 'scripts', such code (it never gets them). A step that does not say takes its tool's kind:
 * FETCH_ONLY tools fetch, EXPOSED_TOOLS keep the credentials, any other runs scripts.
 */
export type StepKind = 'fetch' | 'scripts';

// Tools whose dependency step runs no third-party code: Go and Deno compile or cache, never execute
// a module; pip holds credentials only with PIP_ONLY_BINARY set beside them (wheels run no code).
const FETCH_ONLY: ReadonlySet<PackageTool> = new Set(['pip', 'go', 'deno', 'git']);

/** True when a step of `tool` (of `kind`, when given) mounts the index credentials. */
export function holdsCredentials(tool: PackageTool, kind?: StepKind): boolean {
  if (kind) return kind === 'fetch';
  return FETCH_ONLY.has(tool) || EXPOSED_TOOLS.has(tool);
}

/** The secret ids a step of `tool` mounts. */
export function secretsFor(tool: PackageTool, kind?: StepKind): Array<keyof typeof PACKAGE_ENV_SECRETS> {
  const ids: Array<keyof typeof PACKAGE_ENV_SECRETS> = ['ca', 'env'];
  if (holdsCredentials(tool, kind)) ids.push('credentials', 'npmrc');
  if (JVM_TOOLS.has(tool)) ids.push('javaTruststore');
  if (tool === 'maven') ids.push('mavenSettings');
  return ids;
}

/**
 * The whole `RUN --mount=... <command>` line of a dependency step: the package environment mounted
 * for `tool`, then `command`. `cache` is a cache-mount target (several separated by spaces); `kind`
 * says whether the step runs third-party code (then it gets no credentials).
 */
export function dependencyRun(
  tool: PackageTool,
  command: string,
  opts: { cache?: string; kind?: StepKind } = {},
): string {
  const ids = secretsFor(tool, opts.kind);
  const mounts = ids.map((k) => `--mount=type=secret,id=${PACKAGE_ENV_SECRETS[k]},target=${PACKAGE_ENV_PATHS[k]}`);
  for (const target of (opts.cache ?? '').split(/\s+/).filter(Boolean))
    mounts.push(`--mount=type=cache,target=${target}`);
  // POSIX sh exits on `.` of a missing file, hence the tests: without the secrets the step runs as is.
  const source = (path: string) => `if [ -f ${path} ]; then . ${path}; fi; `;
  const sources =
    source(PACKAGE_ENV_PATHS.env) + (ids.includes('credentials') ? source(PACKAGE_ENV_PATHS.credentials) : '');
  return `RUN ${mounts.join(' ')} ${sources}${command}`;
}
