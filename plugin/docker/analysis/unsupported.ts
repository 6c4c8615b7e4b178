// Projects in a language aish docker does not plan, recognised by their marker files so the user
// hears "unsupported: <why>" instead of "found no deployable app". Each reason names what is
// missing: a toolchain or package registry our base images cannot be made from (they come from
// Debian, npm, PyPI, crates.io, the Go module proxy and Maven Central).
import type { ProjectTree } from './project-tree';

const UNSUPPORTED: Array<{ language: string; marker: RegExp; why: string }> = [
  {
    language: 'Haskell',
    marker: /(^|\/)(stack\.yaml|[^/]+\.cabal)$/,
    why:
      'its libraries come from Hackage/Stackage and its toolchain from GHCup, none of which our base images are ' +
      'made from',
  },
  {
    language: 'Swift',
    marker: /(^|\/)Package\.swift$/,
    why: 'the Swift toolchain comes from swift.org (Debian has none)',
  },
  {
    language: 'Zig',
    marker: /(^|\/)build\.zig$/,
    why: 'the Zig compiler comes from ziglang.org (not in Debian bookworm)',
  },
  {
    language: 'COBOL',
    marker: /\.(cbl|cob)$/i,
    why:
      'there is no COBOL planner (GnuCOBOL is in Debian, but how to build and run a COBOL program is not ' +
      'decided here)',
  },
  {
    language: 'Dart',
    marker: /(^|\/)pubspec\.yaml$/,
    why: 'the Dart SDK and pub.dev packages are not among the sources our base images are made from',
  },
  {
    language: 'Crystal',
    marker: /(^|\/)shard\.yml$/,
    why: 'the Crystal compiler and its shards (GitHub) are not among the sources our base images are made from',
  },
  {
    language: 'Gleam',
    marker: /(^|\/)gleam\.toml$/,
    why:
      'the Gleam compiler (GitHub releases) and hex.pm packages are not among the sources our base images are ' +
      'made from',
  },
  {
    language: 'Clojure',
    marker: /(^|\/)(project\.clj|deps\.edn)$/,
    why:
      'Leiningen and the Clojure CLI come from GitHub/download.clojure.org and most libraries from Clojars, not ' +
      'Maven Central',
  },
  {
    language: 'Scala',
    marker: /(^|\/)build\.sbt$/,
    why: 'sbt resolves itself and its plugins from repo.scala-sbt.org, not only Maven Central',
  },
  { language: 'Scheme', marker: /\.scm$/, why: 'there is no Scheme planner' },
];

/** "unsupported: <language> (<file>): <why>" when the tree is a project we do not plan, else null. */
export function unsupportedReason(tree: ProjectTree): string | null {
  for (const u of UNSUPPORTED) {
    const file = tree.files.find((f) => u.marker.test(f) && f.split('/').length <= 3);
    if (file) return `unsupported: ${u.language} (${file}): ${u.why}`;
  }
  // Nothing was planned and the folder holds only configuration documents (another builder's plan,
  // settings): there is no source to build, whichever tool wrote them.
  const config = tree.files.filter((f) => !f.split('/').some((part) => part.startsWith('.')));
  if (config.length && config.every((f) => CONFIG_ONLY.test(f) && !PACKAGE_MANIFEST.test(f))) {
    return `unsupported: no-source (${config[0]}): the folder holds configuration and no source code; aish docker plans from the sources`;
  }
  return null;
}

const CONFIG_ONLY = /\.(toml|json|jsonc|ya?ml|ini|cfg|env)$/;
// A package manifest means a project whose planner spoke already (e.g. "no way to start it").
const PACKAGE_MANIFEST = /(^|\/)(package|deno|composer|tsconfig)\.jsonc?$|(^|\/)(Cargo|pyproject)\.toml$/;
