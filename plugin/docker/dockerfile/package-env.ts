// The Dockerfile side of the user's package environment (docs/design-decisions.md, Package
// environment): every step that reaches a package index mounts the CA bundle and a small shell file
// of index/mirror settings as BuildKit secrets, sources the file, then runs the tool. Secrets exist
// only while that RUN runs, so neither the CA nor a token in an index URL lands in a layer or in
// `docker history`. Proxies travel as Docker's predefined HTTP(S)_PROXY/NO_PROXY build arguments,
// which history does not record. A plain `docker build` without the secrets still works: the
// mounts are optional and the file is sourced only when present.

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
  javaTruststore: '/run/tekton/cacerts.jks',
  mavenSettings: '/run/tekton/maven-settings.xml',
} as const;

/** Secret ids (the build request serves them by these names). */
export const PACKAGE_ENV_SECRETS = {
  ca: 'tekton-ca',
  env: 'tekton-package-env',
  javaTruststore: 'tekton-java-truststore',
  mavenSettings: 'tekton-maven-settings',
} as const;

const JVM_TOOLS: ReadonlySet<PackageTool> = new Set(['maven', 'gradle']);

/** The secret ids a step of `tool` mounts. */
export function secretsFor(tool: PackageTool): Array<keyof typeof PACKAGE_ENV_SECRETS> {
  const ids: Array<keyof typeof PACKAGE_ENV_SECRETS> = ['ca', 'env'];
  if (JVM_TOOLS.has(tool)) ids.push('javaTruststore');
  if (tool === 'maven') ids.push('mavenSettings');
  return ids;
}

/**
 * The whole `RUN --mount=... <command>` line of a dependency step: the package environment mounted
 * for `tool`, then `command`. `cache` is a cache-mount target (several separated by spaces).
 */
export function dependencyRun(tool: PackageTool, command: string, opts: { cache?: string } = {}): string {
  const mounts = secretsFor(tool).map(
    (k) => `--mount=type=secret,id=${PACKAGE_ENV_SECRETS[k]},target=${PACKAGE_ENV_PATHS[k]}`,
  );
  for (const target of (opts.cache ?? '').split(/\s+/).filter(Boolean))
    mounts.push(`--mount=type=cache,target=${target}`);
  // POSIX sh exits on `.` of a missing file, hence the test: without the secret the step runs as is.
  return `RUN ${mounts.join(' ')} if [ -f ${PACKAGE_ENV_PATHS.env} ]; then . ${PACKAGE_ENV_PATHS.env}; fi; ${command}`;
}
