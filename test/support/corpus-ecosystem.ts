// The ecosystem of a project folder, judged from its files alone (the marker files each toolchain
// requires), independently of the planner: the corpus test compares the planner's language with it.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** An ecosystem and the planner language it must produce (null: no toolchain here, must be refused). */
export interface Ecosystem {
  name: string;
  language: string | null;
  /** The folder holds source code or a start script (false: only manifests, nothing to run). */
  code: boolean;
}

const SKIP = new Set(['node_modules', '.git', 'target', 'vendor', 'dist', 'build']);

/** Every file of a folder, posix paths relative to it (ignoring dependency and output folders). */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const st = statSync(abs, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) {
        if (!SKIP.has(name)) walk(abs);
      } else out.push(relative(root, abs).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** Marker files of toolchains this machine cannot provide: the planner must refuse these clearly. */
const UNBUILDABLE: Array<[string, RegExp]> = [
  ['haskell', /(^|\/)(stack\.yaml|[^/]+\.cabal)$/],
  ['swift', /(^|\/)Package\.swift$/],
  ['zig', /(^|\/)build\.zig$/],
  ['cobol', /\.(cbl|cob)$/i],
  ['dart', /(^|\/)pubspec\.yaml$/],
  ['crystal', /(^|\/)shard\.yml$/],
  ['gleam', /(^|\/)gleam\.toml$/],
  ['clojure', /(^|\/)(project\.clj|deps\.edn)$/],
  ['scala', /(^|\/)build\.sbt$/],
  ['scheme', /\.scm$/],
];

/** Ecosystems with a toolchain, in the order a mixed folder is judged (the most specific first). */
const BUILDABLE: Array<[string, string, RegExp]> = [
  ['dotnet', 'dotnet', /\.(cs|fs|vb)proj$/],
  ['elixir', 'elixir', /(^|\/)mix\.exs$/],
  ['rust', 'rust', /(^|\/)Cargo\.toml$/],
  ['go', 'go', /(^|\/)go\.(mod|work)$/],
  ['java', 'java', /(^|\/)(pom\.xml|build\.gradle(\.kts)?)$/],
  ['php', 'php', /(^|\/)composer\.json$|\.php$/],
  ['ruby', 'ruby', /(^|\/)Gemfile$/],
  ['deno', 'deno', /(^|\/)deno\.jsonc?$/],
  ['bun', 'node', /(^|\/)bun\.lockb?$/],
  ['python', 'python', /(^|\/)(requirements\.txt|pyproject\.toml|Pipfile|setup\.py)$/],
  ['node', 'node', /(^|\/)package\.json$/],
  ['static', 'static', /(^|\/)(Staticfile|index\.html)$/],
  ['shell', 'shell', /\.sh$/],
];

/** The ecosystem of a folder, or `nixpacks-config` for one holding only another tool's build recipe. */
export function ecosystemOf(files: string[], read: (file: string) => string): Ecosystem {
  const code = files.some((f) =>
    /\.(py|[cm]?[jt]sx?|go|rs|java|kt|rb|php|exs?|cs|fs|html|sh|svelte|vue|astro)$|(^|\/)Procfile$/.test(f),
  );
  for (const [name, re] of UNBUILDABLE) if (files.some((f) => re.test(f))) return { name, language: null, code };
  // Deno without deno.json: no package.json, and code importing from deno.land or jsr:.
  const denoImports =
    !files.includes('package.json') &&
    files.some((f) => /\.[jt]s$/.test(f) && /from\s+["'](https:\/\/deno\.land\/|jsr:)/.test(read(f)));
  if (denoImports) return { name: 'deno', language: 'deno', code };
  for (const [name, language, re] of BUILDABLE) if (files.some((f) => re.test(f))) return { name, language, code };
  if (files.some((f) => /\.go$/.test(f))) return { name: 'go', language: 'go', code };
  if (files.some((f) => /\.py$/.test(f))) return { name: 'python', language: 'python', code };
  if (files.some((f) => /\.[cm]?[jt]s$/.test(f))) return { name: 'node', language: 'node', code };
  return { name: 'nixpacks-config', language: null, code };
}

/** The nixpacks examples: TEKTON_CORPUS_DIR, else `shared/corpus/nixpacks/examples` beside a parent of `from`. */
export function findCorpus(from: string, env: Record<string, string | undefined> = process.env): string | null {
  if (env.TEKTON_CORPUS_DIR) return env.TEKTON_CORPUS_DIR;
  for (let dir = from, i = 0; i < 6; i++, dir = join(dir, '..')) {
    const candidate = join(dir, 'shared', 'corpus', 'nixpacks', 'examples');
    if (statSync(candidate, { throwIfNoEntry: false })?.isDirectory()) return candidate;
  }
  return null;
}
