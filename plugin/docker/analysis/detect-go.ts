// Go apps: module name, Go version from go.mod (`toolchain` over `go`), web framework from its
// requires, the main package (root, or one of cmd/*: scored, not the first found), port from code.
import { decide, exposeChoice, procfileWeb, toolVersions, versionFile } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import { baseOf, dirOf, type ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

const FRAMEWORKS: Array<[string, string]> = [
  ['github.com/gin-gonic/gin', 'gin'],
  ['github.com/labstack/echo', 'echo'],
  ['github.com/gofiber/fiber', 'fiber'],
  ['github.com/go-chi/chi', 'chi'],
];

/** Analyses a Go app directory. */
export function detectGo(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const mod = tree.read('go.mod') ?? '';
  f.packageManager = 'go';
  const toolchain = /^toolchain\s+go(\d+\.\d+(?:\.\d+)?)/m.exec(mod);
  const version = /^go\s+(\d+\.\d+(?:\.\d+)?)/m.exec(mod);
  f.runtimeVersion = decide(f, 'go version', [
    toolchain ? { value: toolchain[1]!, source: 'go.mod toolchain' } : null,
    version ? { value: version[1]!, source: 'go.mod go' } : null,
    versionFile(tree, '.go-version'),
    toolVersions(tree, 'golang'),
  ]);
  f.dependencies = [...mod.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/\S+)\s+v\S+/gm)].map((m) => m[1]!);
  const fw = FRAMEWORKS.find(([path]) => f.dependencies.some((d) => d.startsWith(path)));
  f.framework = fw ? fw[1] : null;
  if (fw) f.reasons.push({ what: 'framework', value: fw[1], source: `go.mod requires ${fw[0]}` });
  f.details.goSum = tree.files.includes('go.sum') ? 'yes' : '';
  const go = sourceFiles(tree, ['.go']).filter((p) => !p.endsWith('_test.go'));
  const main = mainPackage(tree, go);
  f.details.mainPackage = main.pkg;
  f.reasons.push({ what: 'main package', value: main.pkg, source: main.why });
  const inMain = go.filter((p) => (main.pkg === '.' ? !p.includes('/') : dirOf(p) === main.pkg.slice(2)));
  const ordered = [...inMain, ...go.filter((p) => !inMain.includes(p))];
  if (ordered.some((p) => /^import\s+"C"$|^\s*"C"$/m.test(tree.read(p) ?? ''))) f.details.cgo = 'yes';
  const codePort = portInCode(tree, ordered, [
    /ListenAndServe\(\s*"[^"]*:(\d{2,5})"/,
    /\.(?:Run|Start|Listen)\(\s*"[^"]*:(\d{2,5})"/,
    /"(?:0\.0\.0\.0)?:(\d{2,5})"/,
    /PORT[^\n]*"(\d{2,5})"/,
  ]);
  const usesHttp = ordered.some((p) => /net\/http|gin-gonic|labstack\/echo|gofiber/.test(tree.read(p) ?? ''));
  f.port = decide(f, 'port', [
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    usesHttp ? { value: 8080, source: 'Go HTTP server, conventional 8080' } : null,
  ]);
  f.web = f.port !== null;
  const web = procfileWeb(tree);
  if (!main.found) return f; // A library module: nothing to start (the analysis skips it and says so).
  f.start = ['/app/server'];
  f.reasons.push({
    what: 'start',
    value: '/app/server',
    source: `go build ${main.pkg}${web ? ' (Procfile ignored: the binary is the command)' : ''}`,
  });
  f.entrypoint = main.pkg === '.' ? 'main.go' : `${main.pkg.slice(2)}/main.go`;
  f.build = [`go build -o /out/server ${main.pkg}`];
  return f;
}

/** Names that say "this is the service" among several commands. */
const SERVICE_NAMES = ['server', 'api', 'web', 'app', 'service', 'serve', 'http', 'main'];

/** The main package: the root when it is `package main`, else the best of the `package main` folders. */
function mainPackage(tree: ProjectTree, go: string[]): { pkg: string; why: string; found: boolean } {
  const isMain = (p: string) => /^package\s+main\b/m.test(tree.read(p) ?? '');
  if (go.some((p) => !p.includes('/') && isMain(p)))
    return { pkg: '.', why: 'package main at the module root', found: true };
  const dirs = [...new Set(go.filter(isMain).map(dirOf))].filter(
    (d) => d && !/(^|\/)(examples?|tools?|scripts|internal\/tools)(\/|$)/.test(d),
  );
  if (!dirs.length) return { pkg: '.', why: 'no package main found', found: false };
  const module = baseOf(/^module\s+(\S+)/m.exec(tree.read('go.mod') ?? '')?.[1] ?? '');
  const score = (d: string) => {
    const name = baseOf(d);
    let s = d.startsWith('cmd/') ? 10 : 0;
    if (name === module) s += 8;
    const i = SERVICE_NAMES.indexOf(name);
    if (i >= 0) s += 7 - i * 0.5;
    if (go.some((p) => dirOf(p) === d && /net\/http|ListenAndServe/.test(tree.read(p) ?? ''))) s += 5;
    return s - d.split('/').length;
  };
  const ranked = dirs.sort((a, b) => score(b) - score(a) || a.localeCompare(b));
  const best = ranked[0]!;
  const why =
    ranked.length > 1
      ? `${best} of ${ranked.join(', ')} (scored on cmd/, the module's name, a service-like name, an HTTP server)`
      : `the only package main (${best})`;
  return { pkg: `./${best}`, why, found: true };
}
