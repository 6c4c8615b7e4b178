// Deno apps: deno.json(c) read as JSONC (tasks.start decides the entry file when it runs one),
// Fresh, Deno.serve (default port 8000), version from .dvmrc or .tool-versions.
import { toArgv } from './command-words';
import { readJson, str } from './config-files';
import { decide, exposeChoice, toolVersions, versionFile } from './decide';
import { portInCode, sourceFiles } from './find-in-code';
import type { ProjectTree } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a Deno app directory. */
export function detectDeno(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  f.packageManager = 'deno';
  const configFile = ['deno.json', 'deno.jsonc'].find((c) => tree.files.includes(c)) ?? null;
  const config = configFile ? readJson(tree, configFile) : null;
  for (const c of ['deno.json', 'deno.jsonc', 'deno.lock']) if (tree.files.includes(c)) f.details[`has:${c}`] = 'yes';
  f.runtimeVersion = decide(f, 'deno version', [versionFile(tree, '.dvmrc'), toolVersions(tree, 'deno')]);
  const ts = sourceFiles(tree, ['.ts', '.js', '.tsx', '.mjs']).filter(
    (p) => !/_test\.[jt]sx?$|\.test\.[jt]sx?$/.test(p),
  );
  const task = str(config, 'tasks.start');
  const taskFile = task ? toArgv(task).find((w) => /\.(m?[jt]sx?)$/.test(w) && tree.files.includes(w)) : undefined;
  const main =
    taskFile ??
    ['main.ts', 'server.ts', 'mod.ts', 'main.js', 'app.ts', 'index.ts', 'src/main.ts', 'src/index.ts'].find((m) =>
      tree.files.includes(m),
    ) ??
    ts[0] ??
    'main.ts';
  const serve = ts.some((p) => /Deno\.serve|serve\(|\.listen\(/.test(tree.read(p) ?? ''));
  const fresh = /\$fresh|fresh@/.test((tree.read('deno.json') ?? '') + (tree.read('import_map.json') ?? ''));
  f.framework = fresh ? 'fresh' : null;
  if (fresh)
    f.reasons.push({ what: 'framework', value: 'fresh', source: 'deno.json / import_map.json imports $fresh' });
  const codePort = portInCode(tree, ts, [/port:\s*(\d{2,5})/, /\.listen\(\s*\{\s*port:\s*(\d{2,5})/]);
  f.port = decide(f, 'port', [
    codePort ? { value: codePort.port, source: `${codePort.file}: ${codePort.text}` } : null,
    exposeChoice(tree),
    serve || fresh ? { value: 8000, source: fresh ? 'Fresh default' : 'Deno.serve default' } : null,
  ]);
  f.web = f.port !== null;
  f.start = [
    'deno',
    'run',
    '--allow-net',
    '--allow-env',
    '--allow-read',
    ...(fresh ? ['--allow-run', '--allow-write'] : []),
    main,
  ];
  f.entrypoint = main;
  f.reasons.push({
    what: 'start',
    value: f.start.join(' '),
    source: taskFile ? `${configFile} tasks.start runs ${taskFile}` : `${main}`,
  });
  return f;
}
