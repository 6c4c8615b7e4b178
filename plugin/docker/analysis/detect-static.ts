// Static sites (an index.html and no server code) and shell apps.
import { decide, exposeChoice } from './decide';
import type { ProjectTree } from './project-tree';
import { dirOf } from './project-tree';
import { emptyFindings, type LanguageFindings } from './types';

/** Analyses a static site: served by busybox httpd as the app user. */
export function detectStatic(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  // Cloud Foundry's Staticfile may name the folder to serve (`root: site`).
  const declared = /^root:\s*(\S+)\s*$/m
    .exec(tree.read('Staticfile') ?? '')?.[1]
    ?.replace(/^\.\//, '')
    .replace(/\/$/, '');
  const candidates = [
    ...(declared ? [`${declared}/index.html`] : []),
    'index.html',
    'public/index.html',
    'site/index.html',
    'docs/index.html',
    '_site/index.html',
  ];
  const index = candidates.find((p) => tree.files.includes(p)) ?? 'index.html';
  const root = declared && index === `${declared}/index.html` ? declared : dirOf(index);
  if (declared) f.reasons.push({ what: 'root', value: declared, source: 'Staticfile root:' });
  f.port = decide(f, 'port', [exposeChoice(tree), { value: 8080, source: 'static files served by busybox httpd' }]);
  f.web = true;
  f.start = ['busybox', 'httpd', '-f', '-v', '-p', String(f.port ?? 8080), '-h', root ? `/app/${root}` : '/app'];
  f.entrypoint = index;
  f.systemPackages = ['busybox'];
  f.reasons.push({ what: 'start', value: f.start.join(' '), source: `${index}` });
  return f;
}

/** Analyses a shell app: the start script (start.sh, run.sh, main.sh, entrypoint.sh...). */
export function detectShell(tree: ProjectTree): LanguageFindings {
  const f = emptyFindings();
  const script =
    ['start.sh', 'run.sh', 'main.sh', 'entrypoint.sh', 'app.sh', 'server.sh'].find((s) => tree.files.includes(s)) ??
    tree.files.find((p) => p.endsWith('.sh') && !p.includes('/'));
  const text = script ? (tree.read(script) ?? '') : '';
  const port =
    /(?:nc|ncat|socat)[^\n]*?(?:-l[p ]*|TCP-LISTEN:)\s*(\d{2,5})/.exec(text) ?? /PORT[:=-]+(\d{2,5})/.exec(text);
  f.port = decide(f, 'port', [
    port ? { value: Number(port[1]), source: `${script}: ${port[0]}` } : null,
    exposeChoice(tree),
  ]);
  f.web = /http|HTTP/.test(text) && f.port !== null;
  const shell = /^#!.*\bbash\b/.test(text) || !/^#!/.test(text) ? 'bash' : 'sh';
  f.start = script ? [shell, script] : [];
  f.entrypoint = script ?? null;
  if (script)
    f.reasons.push({
      what: 'start',
      value: f.start.join(' '),
      source: `${script}${/^#!/.test(text) ? ` (${text.split('\n')[0]})` : ''}`,
    });
  return f;
}
