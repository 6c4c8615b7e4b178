// Go apps: module name, Go version from go.mod, web framework from its requires, port from code.
import { decide, exposeChoice, procfileWeb } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

const FRAMEWORKS: Array<[string, string]> = [['github.com/gin-gonic/gin', 'gin'], ['github.com/labstack/echo', 'echo'], ['github.com/gofiber/fiber', 'fiber'], ['github.com/go-chi/chi', 'chi']];

/** Analyses a Go app directory. */
export function detectGo(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const mod = tree.read('go.mod') ?? '';
  f.packageManager = 'go';
  const version = /^go\s+(\d+\.\d+)/m.exec(mod);
  f.runtimeVersion = decide(f, 'go version', [version ? { value: version[1]!, source: 'go.mod' } : null]);
  f.dependencies = [...mod.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/\S+)\s+v\S+/gm)].map((m) => m[1]!);
  const fw = FRAMEWORKS.find(([path]) => f.dependencies.some((d) => d.startsWith(path)));
  f.framework = fw ? fw[1] : null;
  if (fw) f.reasons.push({ what: 'framework', value: fw[1], source: `go.mod requires ${fw[0]}` });
  f.details.goSum = tree.files.includes('go.sum') ? 'yes' : '';
  const go = sourceFiles(tree, ['.go']);
  const mainPkg = go.find((p) => p.split('/').length === 1) ? '.' : go.map((p) => /^(cmd\/[^/]+)\/main\.go$/.exec(p)?.[1]).find(Boolean);
  f.details.mainPackage = mainPkg ? (mainPkg === '.' ? '.' : `./${mainPkg}`) : '.';
  const codePort = portInCode(tree, go, [/ListenAndServe\(\s*"[^"]*:(\d{2,5})"/, /\.(?:Run|Start|Listen)\(\s*"[^"]*:(\d{2,5})"/, /"(?:0\.0\.0\.0)?:(\d{2,5})"/, /PORT[^\n]*"(\d{2,5})"/]);
  const usesHttp = go.some((p) => /net\/http|gin|echo|fiber/.test(tree.read(p) ?? ''));
  f.port = decide(f, 'port', [
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    usesHttp ? { value: 8080, source: 'Go HTTP server, conventional 8080' } : null,
  ]);
  f.web = f.port !== null;
  const web = procfileWeb(tree);
  f.start = ['/app/server'];
  f.reasons.push({ what: 'start', value: '/app/server', source: `go build ${f.details.mainPackage}${web ? ' (Procfile ignored: the binary is the command)' : ''}` });
  f.entrypoint = mainPkg === '.' ? 'main.go' : `${mainPkg}/main.go`;
  f.build = [`go build -o /out/server ${f.details.mainPackage}`];
  return f;
}
