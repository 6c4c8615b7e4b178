// Rust apps: Cargo.toml read as TOML; the binary to build among `[[bin]]`, `default-run`,
// src/main.rs, src/bin/* and workspace members (scored, explained); toolchain from
// rust-toolchain(.toml) or .tool-versions; web framework; port.
import { at, keysAt, readToml, str, stringsAt, type Doc } from './config-files';
import { decide, exposeChoice, toolVersions, versionFile } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Shared libraries the binary links when a crate of the list is a dependency: the runtime image (slim Debian) must
 * have them. reqwest's and hyper-tls' default TLS is native-tls, that is OpenSSL on Linux. */
const RUNTIME_LIBS: ReadonlyArray<[string, string[]]> = [
  ['libssl3', ['openssl', 'openssl-sys', 'native-tls', 'hyper-tls', 'reqwest', 'postgres-openssl']],
  ['libpq5', ['pq-sys', 'diesel']], // diesel: with its postgres feature only
];

/** A binary target of the project, and the crate folder it lives in. */
interface Bin {
  name: string;
  crate: string;
  path: string;
}

/** Analyses a Rust app directory. */
export function detectRust(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const cargo = readToml(tree, 'Cargo.toml');
  f.packageManager = 'cargo';
  if (!cargo) f.reasons.push({ what: 'warning', value: 'Cargo.toml is not valid TOML', source: 'Cargo.toml' });
  const toolchain = str(readToml(tree, 'rust-toolchain.toml'), 'toolchain.channel');
  f.runtimeVersion = decide(f, 'rust version', [
    toolchain && /^\d/.test(toolchain) ? { value: toolchain, source: 'rust-toolchain.toml' } : null,
    numeric(versionFile(tree, 'rust-toolchain')),
    toolVersions(tree, 'rust'),
    str(cargo, 'package.rust-version')
      ? { value: str(cargo, 'package.rust-version')!, source: 'Cargo.toml rust-version' }
      : null,
  ]);
  f.details.cargoLock = tree.files.includes('Cargo.lock') ? 'yes' : '';
  const bins = binaries(tree, cargo);
  const chosen = pickBinary(bins, cargo);
  const crate = chosen ? readToml(tree, chosen.bin.crate ? `${chosen.bin.crate}/Cargo.toml` : 'Cargo.toml') : cargo;
  f.dependencies = [...new Set([...keysAt(crate, 'dependencies'), ...keysAt(cargo, 'workspace.dependencies')])];
  f.framework = ['actix-web', 'axum', 'rocket', 'warp', 'poem', 'tide'].find((d) => f.dependencies.includes(d)) ?? null;
  if (f.framework)
    f.reasons.push({ what: 'framework', value: f.framework, source: `Cargo.toml dependency ${f.framework}` });
  const dieselPg = stringsAt(crate, 'dependencies.diesel.features').includes('postgres');
  for (const [lib, crates] of RUNTIME_LIBS) {
    const by = crates.find((c) => (c === 'diesel' ? dieselPg : f.dependencies.includes(c)));
    if (!by) continue;
    f.systemPackages.push(lib);
    f.reasons.push({ what: 'runtime library', value: lib, source: `Cargo.toml dependency ${by} links it dynamically` });
  }
  const rs = sourceFiles(tree, ['.rs']);
  const mine = chosen
    ? [chosen.bin.path, ...rs.filter((p) => p !== chosen.bin.path && p.startsWith(chosen.bin.crate))]
    : rs;
  const codePort = portInCode(tree, mine, [
    /"(?:0\.0\.0\.0|127\.0\.0\.1|\[::\]|localhost)?:(\d{2,5})"/,
    /\(\s*\[0,\s*0,\s*0,\s*0\],\s*(\d{2,5})\s*\)/,
  ]);
  f.port = decide(f, 'port', [
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    f.framework === 'rocket'
      ? { value: 8000, source: 'rocket default' }
      : f.framework
        ? { value: 8080, source: `${f.framework} app, conventional 8080` }
        : null,
  ]);
  f.web = f.port !== null;
  const name = chosen?.bin.name ?? str(cargo, 'package.name') ?? 'app';
  f.details.binary = name;
  if (chosen) f.reasons.push({ what: 'binary', value: name, source: chosen.why });
  f.start = ['/app/server'];
  f.entrypoint = chosen?.bin.path ?? 'src/main.rs';
  f.build = [`cargo build --release --bin ${name}`];
  f.reasons.push({ what: 'start', value: '/app/server', source: `cargo binary ${name}` });
  return f;
}

function numeric(c: { value: string; source: string } | null) {
  return c && /^\d/.test(c.value) ? c : null;
}

/** Every binary target: of the root package and of each workspace member. */
function binaries(tree: ProjectTree, cargo: Doc): Bin[] {
  const out: Bin[] = [];
  const ofCrate = (dir: string, doc: Doc) => {
    const prefix = dir ? `${dir}/` : '';
    const pkg = str(doc, 'package.name');
    const declared = (at(doc, 'bin') as Array<Record<string, unknown>> | undefined) ?? [];
    for (const b of Array.isArray(declared) ? declared : []) {
      const name = typeof b.name === 'string' ? b.name : pkg;
      if (name)
        out.push({
          name,
          crate: dir,
          path: typeof b.path === 'string' ? prefix + b.path : `${prefix}src/bin/${name}.rs`,
        });
    }
    if (pkg && tree.files.includes(`${prefix}src/main.rs`) && !out.some((b) => b.crate === dir && b.name === pkg))
      out.push({ name: pkg, crate: dir, path: `${prefix}src/main.rs` });
    for (const p of tree.files) {
      const m = new RegExp(
        `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}src/bin/([^/]+?)(?:\\.rs|/main\\.rs)$`,
      ).exec(p);
      if (m && !out.some((b) => b.crate === dir && b.name === m[1])) out.push({ name: m[1]!, crate: dir, path: p });
    }
  };
  if (at(cargo, 'package') !== undefined) ofCrate('', cargo);
  for (const member of stringsAt(cargo, 'workspace.members')) {
    const dirs = member.endsWith('/*')
      ? [
          ...new Set(
            tree.files
              .filter((p) => p.startsWith(member.slice(0, -1)) && p.endsWith('/Cargo.toml'))
              .map((p) => p.slice(0, -'/Cargo.toml'.length)),
          ),
        ].filter((d) => d.split('/').length === member.split('/').length)
      : [member.replace(/\/$/, '')];
    for (const d of dirs) ofCrate(d, readToml(tree, `${d}/Cargo.toml`));
  }
  return out;
}

/** The binary to build: `default-run`, the only one, or the best-named one (explained). */
function pickBinary(bins: Bin[], cargo: Doc): { bin: Bin; why: string } | null {
  if (!bins.length) return null;
  const defaultRun = str(cargo, 'package.default-run');
  const byDefault = defaultRun ? bins.find((b) => b.name === defaultRun) : undefined;
  if (byDefault) return { bin: byDefault, why: `Cargo.toml default-run = "${defaultRun}"` };
  if (bins.length === 1) return { bin: bins[0]!, why: `the only binary (${bins[0]!.path})` };
  const score = (b: Bin) =>
    (b.crate === '' ? 3 : 0) +
    (b.path.endsWith('src/main.rs') ? 2 : 0) +
    (/server|api|web|app|main/.test(b.name) ? 1 : 0);
  const ranked = [...bins].sort((a, b) => score(b) - score(a) || a.name.localeCompare(b.name));
  return {
    bin: ranked[0]!,
    why:
      `${ranked[0]!.name} of ${ranked.map((b) => b.name).join(', ')}` +
      ' (root package, src/main.rs, a service-like name; set default-run to choose)',
  };
}
