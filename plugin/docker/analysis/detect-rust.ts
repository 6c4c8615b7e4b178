// Rust apps: binary name from Cargo.toml, toolchain from rust-toolchain, web framework, port.
import { decide, exposeChoice, versionFile } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a Rust app directory. */
export function detectRust(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const cargo = tree.read('Cargo.toml') ?? '';
  f.packageManager = 'cargo';
  const name = /\[package\][^[]*?name\s*=\s*"([^"]+)"/.exec(cargo)?.[1] ?? 'app';
  const toolchain = /channel\s*=\s*"([^"]+)"/.exec(tree.read('rust-toolchain.toml') ?? '');
  f.runtimeVersion = decide(f, 'rust version', [toolchain ? { value: toolchain[1]!, source: 'rust-toolchain.toml' } : null, versionFile(tree, 'rust-toolchain')]);
  const depsSection = /\[dependencies\]([^[]*)/.exec(cargo)?.[1] ?? '';
  f.dependencies = [...depsSection.matchAll(/^\s*([A-Za-z0-9_-]+)\s*=/gm)].map((m) => m[1]!);
  f.framework = ['actix-web', 'axum', 'rocket', 'warp'].find((d) => f.dependencies.includes(d)) ?? null;
  if (f.framework) f.reasons.push({ what: 'framework', value: f.framework, source: `Cargo.toml dependency ${f.framework}` });
  const rs = sourceFiles(tree, ['.rs']);
  const codePort = portInCode(tree, rs, [/"(?:0\.0\.0\.0|127\.0\.0\.1|\[::\]|localhost)?:(\d{2,5})"/, /\(\s*\[0,\s*0,\s*0,\s*0\],\s*(\d{2,5})\s*\)/]);
  f.port = decide(f, 'port', [
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    f.framework === 'rocket' ? { value: 8000, source: 'rocket default' } : f.framework ? { value: 8080, source: `${f.framework} app, conventional 8080` } : null,
  ]);
  f.web = f.port !== null;
  f.details.binary = name;
  f.start = ['/app/server'];
  f.entrypoint = 'src/main.rs';
  f.build = ['cargo build --release --locked'];
  f.reasons.push({ what: 'start', value: '/app/server', source: `cargo binary ${name}` });
  return f;
}
