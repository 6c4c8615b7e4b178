// The host side of the package environment (dockerfile/package-env.ts has the Dockerfile side):
// from the user's environment, the BuildKit secrets (CA bundle, a shell file of index/mirror
// settings, a Java truststore, Maven settings) and the proxy build arguments a build passes.
// Credentials are kept apart from the other settings, in a secret of their own that only steps
// running no third-party code mount: a setting is a credential when its name says so (TOKEN, AUTH,
// PASSWORD...) or its value carries a URL's user:password@. The other file keeps that URL without
// them, so a step without credentials still asks the same index (never public PyPI in its place).
// Pure apart from reading the CA file, which is passed in.
import { javaTruststore, TRUSTSTORE_PASSWORD } from './java-truststore';
import { PACKAGE_ENV_PATHS as P, PACKAGE_ENV_SECRETS as S } from '../dockerfile/package-env';
import { requirementsGuardShell } from './requirements-guard';

/** The host's CA bundle, used when the engine runs on this machine. */
export const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Docker's predefined proxy arguments: usable in RUN without an ARG line, and never recorded in history. */
export const PROXY_ARGS = ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'];

// Index, mirror and credential settings the tools read from their environment. Exact names only:
// `npm run` fills the environment with npm_config_* of the host's own npm, which must not leak in.
const INDEX_VARS = [
  'PIP_INDEX_URL',
  'PIP_EXTRA_INDEX_URL',
  'PIP_TRUSTED_HOST',
  'UV_INDEX_URL',
  'UV_EXTRA_INDEX_URL',
  'UV_DEFAULT_INDEX',
  'UV_INDEX',
  'PIPENV_PYPI_MIRROR',
  'NPM_CONFIG_REGISTRY',
  'NPM_CONFIG__AUTH',
  'NPM_CONFIG__AUTHTOKEN',
  'YARN_REGISTRY',
  'YARN_NPM_REGISTRY_SERVER',
  'YARN_NPM_AUTH_TOKEN',
  'COREPACK_NPM_REGISTRY',
  'COREPACK_NPM_TOKEN',
  'BUN_CONFIG_REGISTRY',
  'DENO_AUTH_TOKENS',
  'GOPROXY',
  'GONOPROXY',
  'GOPRIVATE',
  'GONOSUMDB',
  'GOSUMDB',
  'GOINSECURE',
  'COMPOSER_AUTH',
  'BUNDLE_MIRROR__ALL',
  'GEM_SOURCE',
];
// Families whose every member is a setting (registry credentials and mirrors per host).
const INDEX_PREFIXES = [
  'POETRY_HTTP_BASIC_',
  'POETRY_REPOSITORIES_',
  'UV_INDEX_',
  'CARGO_REGISTRIES_',
  'BUNDLE_MIRROR__',
  'PIP_INDEX_URL_',
];

/** What a build passes so its dependency steps see the user's package environment. */
export interface PackageEnvironment {
  /** Secret id → content. */
  secrets: Record<string, Buffer>;
  /** Proxy build arguments. */
  buildargs: Record<string, string>;
  /** Names of the settings passed (for the plan and the log; never their values). */
  settings: string[];
  /** Where the CA came from, or null when none is passed. */
  caSource: string | null;
}

/** Inputs: the environment, whether the engine is local, and a file reader (null when unreadable). */
export interface PackageEnvInput {
  env: Record<string, string | undefined>;
  engineIsLocal: boolean;
  readFile: (path: string) => Buffer | null;
}

/** True when DOCKER_HOST names no remote engine (unset, or a unix socket). */
export function engineIsLocal(env: Record<string, string | undefined>): boolean {
  const host = env.DOCKER_HOST ?? '';
  return host === '' || host.startsWith('unix://') || host.startsWith('/');
}

/** Computes the secrets and arguments. Throws when TEKTON_BUILD_CA names a file that cannot be read. */
export function packageEnvironment({ env, engineIsLocal: local, readFile }: PackageEnvInput): PackageEnvironment {
  const buildargs: Record<string, string> = {};
  for (const name of PROXY_ARGS) {
    const v = env[name] ?? env[name.toLowerCase()];
    if (v) {
      buildargs[name] = v;
      buildargs[name.toLowerCase()] = v;
    }
  }
  const caPath = env.TEKTON_BUILD_CA || (local ? HOST_CA_BUNDLE : '');
  let ca: Buffer | null = null;
  if (caPath) {
    ca = readFile(caPath);
    if (!ca && env.TEKTON_BUILD_CA) {
      throw new Error(`TEKTON_BUILD_CA names ${caPath}, which cannot be read: point it at a PEM bundle, or unset it`);
    }
  }
  const settings = Object.keys(env)
    .filter((k) => env[k] && (INDEX_VARS.includes(k) || INDEX_PREFIXES.some((p) => k.startsWith(p))))
    .sort();
  const lines = [
    '# Written by aish docker build for one build; mounted as a BuildKit secret, never stored in the image.',
  ];
  const credentials = settings.filter((k) => isCredential(k, env[k]!));
  for (const k of settings) {
    if (!credentials.includes(k)) lines.push(`export ${k}=${shellQuote(env[k]!)}`);
    else if (hasUserinfo(env[k]!)) lines.push(`export ${k}=${shellQuote(withoutUserinfo(env[k]!))}`);
  }
  const mirror = env.TEKTON_MAVEN_MIRROR;
  if (mirror)
    lines.push(`if [ -f ${P.mavenSettings} ]; then export MAVEN_ARGS="-s ${P.mavenSettings} \${MAVEN_ARGS:-}"; fi`);
  const secrets: Record<string, Buffer> = {};
  if (ca) {
    secrets[S.ca] = ca;
    const c = P.ca;
    lines.push(
      `export SSL_CERT_FILE=${c} NODE_EXTRA_CA_CERTS=${c}`,
      `export PIP_CERT=${c} REQUESTS_CA_BUNDLE=${c} UV_NATIVE_TLS=1 CURL_CA_BUNDLE=${c} GIT_SSL_CAINFO=${c}`,
      `export NPM_CONFIG_CAFILE=${c} CARGO_HTTP_CAINFO=${c} DENO_CERT=${c}`,
      `export COMPOSER_CAFILE=${c} BUNDLE_SSL_CA_CERT=${c}`,
      `if [ -f ${P.javaTruststore} ]; then export JAVA_TOOL_OPTIONS="-Djavax.net.ssl.trustStore=${P.javaTruststore}` +
        ` -Djavax.net.ssl.trustStorePassword=${TRUSTSTORE_PASSWORD} \${JAVA_TOOL_OPTIONS:-}"; fi`,
    );
    secrets[S.javaTruststore] = javaTruststore(ca.toString('utf8'));
  }
  if (mirror) secrets[S.mavenSettings] = Buffer.from(mavenSettings(mirror));
  secrets[S.env] = Buffer.from(`${lines.join('\n')}\n`);
  if (credentials.length) {
    secrets[S.credentials] = Buffer.from(credentialsFile(env, credentials));
    const npmrc = npmrcFor(env);
    if (npmrc) secrets[S.npmrc] = Buffer.from(npmrc);
  }
  return {
    secrets,
    buildargs,
    settings: [
      ...settings,
      ...(mirror ? ['TEKTON_MAVEN_MIRROR'] : []),
      ...Object.keys(buildargs).filter((k) => k === k.toUpperCase()),
    ],
    caSource: ca ? caPath : null,
  };
}

// Names that hold a secret whatever their value; values that carry one (https://user:token@host/...).
const CREDENTIAL_NAME = /AUTH|TOKEN|PASSWORD|PASSWD|SECRET|USERNAME|HTTP_BASIC|_KEY$/;
const USERINFO = /[a-z][a-z0-9+.-]*:\/\/[^/\s,|@]+@/i;

/** True when the setting `name=value` is a credential (by its name, or a URL's user:password@ in its value). */
export function isCredential(name: string, value: string): boolean {
  return CREDENTIAL_NAME.test(name) || USERINFO.test(value);
}

function hasUserinfo(value: string): boolean {
  return USERINFO.test(value);
}

function withoutUserinfo(value: string): string {
  return value.replace(new RegExp(USERINFO.source, 'gi'), (m) => m.replace(/\/\/[^@]+@$/, '//'));
}

// Python tools that hold an index credential install wheels only: building an sdist runs its setup
// code, which would run beside the credential.
const PYTHON_CREDENTIAL = /^(PIP|UV|POETRY|PIPENV|PDM)_/;

/** Printed by a step holding Python index credentials, so a failure there can be explained (build-failure.ts). */
export const WHEELS_ONLY_NOTE = 'tekton: index credentials present: pip and uv install wheels only';

function credentialsFile(env: Record<string, string | undefined>, names: string[]): string {
  const lines = [
    '# Index credentials, written by aish docker build for one build: mounted only in steps that run no',
    '# code of the project or its dependencies; never stored in the image.',
  ];
  for (const k of names) lines.push(`export ${k}=${shellQuote(env[k]!)}`);
  if (names.some((k) => PYTHON_CREDENTIAL.test(k)))
    lines.push(
      'export PIP_ONLY_BINARY=:all: UV_NO_BUILD=1',
      `echo '${WHEELS_ONLY_NOTE}' >&2`,
      // pip obeys options in a requirements file over PIP_ONLY_BINARY (B06): the file is guarded first.
      ...requirementsGuardShell(),
    );
  lines.push(`if [ -f ${P.npmrc} ]; then export NPM_CONFIG_USERCONFIG=${P.npmrc}; fi`);
  return `${lines.join('\n')}\n`;
}

/**
 * npm 9+ reads a token only from an .npmrc line scoped to the registry (`//host/:_authToken=`), not
 * from NPM_CONFIG__AUTHTOKEN: the credentials step points npm at this file.
 */
export function npmrcFor(env: Record<string, string | undefined>): string | null {
  const token = env.NPM_CONFIG__AUTHTOKEN;
  const basic = env.NPM_CONFIG__AUTH;
  if (!token && !basic) return null;
  let registry: URL;
  try {
    registry = new URL(withoutUserinfo(env.NPM_CONFIG_REGISTRY || 'https://registry.npmjs.org/'));
  } catch {
    return null;
  }
  // The "nerfed" registry: no scheme, the path kept, always ending in /.
  const scope = `//${registry.host}${registry.pathname.endsWith('/') ? registry.pathname : `${registry.pathname}/`}`;
  const lines = [];
  if (token) lines.push(`${scope}:_authToken=${oneLine(token)}`);
  if (basic) lines.push(`${scope}:_auth=${oneLine(basic)}`);
  return `${lines.join('\n')}\n`;
}

// An .npmrc value ends at the line: a token with a line break in it is not a token.
function oneLine(v: string): string {
  if (/[\r\n]/.test(v))
    throw new Error('NPM_CONFIG__AUTHTOKEN / NPM_CONFIG__AUTH hold a line break: give the token alone');
  return v;
}

/** Maven settings sending every repository to one mirror. */
export function mavenSettings(url: string): string {
  const esc = url.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<settings><mirrors><mirror><id>tekton-mirror</id><mirrorOf>*</mirrorOf><url>${esc}</url></mirror></mirrors></settings>\n`;
}

function shellQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}
