// What to do about a failed build step, where the cause can be read from its last lines: an index
// that cannot be reached (or whose certificate is not trusted), a toolchain older than the project
// asks, a lockfile out of sync with its manifest. Pure: output lines in, one hint (or null) out.

interface Known {
  test: RegExp;
  hint: (m: RegExpExecArray, offline: boolean) => string;
}

const INDEX_SETTING =
  'PIP_INDEX_URL (pip, uv, pipenv, poetry), NPM_CONFIG_REGISTRY (npm, yarn, pnpm, bun), GOPROXY (Go) or TEKTON_MAVEN_MIRROR (Maven)';

const KNOWN: Known[] = [
  {
    test: /self[- ]signed certificate|SELF_SIGNED_CERT_IN_CHAIN|CERTIFICATE_VERIFY_FAILED|certificate signed by unknown authority|unable to get local issuer certificate|PKIX path building failed|invalid peer certificate|SSL certificate problem/i,
    hint: () =>
      "a package index's TLS certificate is not trusted inside the build: set TEKTON_BUILD_CA=<PEM bundle> to the CA of your proxy " +
      "(the host's /etc/ssl/certs/ca-certificates.crt is used by default when the engine is local)",
  },
  {
    test: /module lookup disabled by GOPROXY=off|PIP_NO_INDEX|--no-index|ENOTCACHED|offline mode/i,
    hint: (_m, offline) =>
      offline
        ? 'this build is offline (TEKTON_OFFLINE=1, or a preinstalled local base): the dependency is not on the base; set TEKTON_OFFLINE=0 to reach the package index'
        : `the dependency step was told not to reach an index: unset TEKTON_OFFLINE, or set ${INDEX_SETTING} to a mirror`,
  },
  {
    // The step held index credentials, so pip took wheels only (docs/security.md, boundary 4).
    test: /index credentials present: pip and uv install wheels only[\s\S]*(?:No matching distribution found|Could not find a version that satisfies|only-binary|no-build)/i,
    hint: () =>
      'with index credentials set, pip and uv install wheels only: an sdist would run its own setup code beside the credentials. ' +
      'Publish a wheel of that package to your index, or build without the credentials (an index that allows anonymous reads)',
  },
  {
    test: /No matching distribution found|Could not find a version that satisfies|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|Temporary failure in name resolution|Could not resolve host|dial tcp|no such host|Connection refused|Network is unreachable|Failed to establish a new connection|Could not transfer artifact|failed to download|error sending request|getaddrinfo/i,
    hint: (_m, offline) =>
      offline
        ? 'this build is offline (TEKTON_OFFLINE=1, or a preinstalled local base) and the package is not there; set TEKTON_OFFLINE=0 to reach the index'
        : `a package index could not be reached (or does not have this version): set ${INDEX_SETTING} to a mirror you reach, and HTTPS_PROXY/NO_PROXY if you need a proxy`,
  },
  {
    test: /go\.mod requires go >= ?([\d.]+)|go: (?:errors parsing go\.mod|go\.mod file indicates go ([\d.]+))|unknown directive: toolchain|invalid go version '([\d.]+)'/i,
    hint: (m) =>
      `the Go toolchain of the base image is older than go.mod asks${(m[1] ?? m[2] ?? m[3]) ? ` (go ${m[1] ?? m[2] ?? m[3]})` : ''}: ` +
      'lower the `go` line of go.mod, or map golang:<that version> to a newer base (TEKTON_BASE_IMAGE_MAP)',
  },
  {
    test: /requires rustc ([\d.]+)|package `[^`]+` cannot be built because it requires rustc/i,
    hint: (m) =>
      `the Rust toolchain of the base image is older than a crate asks${m[1] ? ` (rustc ${m[1]})` : ''}: set rust-toolchain.toml's channel or map rust:<version> to a newer base`,
  },
  {
    test: /npm ci` can only install packages when your package\.json and package-lock\.json|package-lock\.json.*(?:not in sync|out of sync)|ERR_PNPM_OUTDATED_LOCKFILE|Your lockfile needs to be updated|lockfile would have been modified by this install|lockfile had changes, but lockfile is frozen|changed significantly since poetry\.lock was last generated|pyproject\.toml changed significantly|Pipfile\.lock \([^)]*\) out of date|lock file .* needs to be updated but --locked|The lockfile at .* needs to be updated/i,
    hint: () =>
      "the lockfile is out of sync with its manifest: run the package manager's install (npm install, yarn, pnpm install, poetry lock, pipenv lock, cargo update) in the project, commit the lockfile, and build again",
  },
];

/** The hint for a failure whose output ends with `tail`, or null when the cause is not known. */
export function diagnoseBuildFailure(tail: string[], opts: { offline?: boolean } = {}): string | null {
  const text = tail.join('\n');
  for (const k of KNOWN) {
    const m = k.test.exec(text);
    if (m) return k.hint(m, opts.offline ?? false);
  }
  return null;
}
