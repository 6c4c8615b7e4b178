// Deno apps: deno.json tasks, Deno.serve (default port 8000).
import { decide, exposeChoice } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a Deno app directory. */
export function detectDeno(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  f.packageManager = 'deno';
  const ts = sourceFiles(tree, ['.ts', '.js', '.tsx']);
  const main = ['main.ts', 'server.ts', 'mod.ts', 'main.js', 'app.ts'].find((m) => tree.files.includes(m)) ?? ts[0] ?? 'main.ts';
  const serve = ts.some((p) => /Deno\.serve|serve\(/.test(tree.read(p) ?? ''));
  const fresh = /\$fresh|fresh@/.test(tree.read('deno.json') ?? '');
  f.framework = fresh ? 'fresh' : null;
  const codePort = portInCode(tree, ts, [/port:\s*(\d{2,5})/, /\.listen\(\s*\{\s*port:\s*(\d{2,5})/]);
  f.port = decide(f, 'port', [
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    serve ? { value: 8000, source: 'Deno.serve default' } : null,
  ]);
  f.web = f.port !== null;
  f.start = ['deno', 'run', '--allow-net', '--allow-env', '--allow-read', main];
  f.entrypoint = main;
  f.reasons.push({ what: 'start', value: f.start.join(' '), source: `${main}` });
  return f;
}
