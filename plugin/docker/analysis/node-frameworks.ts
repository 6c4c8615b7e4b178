// What a Node framework builds and how its output runs: a server started by node (Next, Nuxt, Astro
// with the node adapter, SvelteKit with adapter-node, Remix, React Router, Angular SSR, Nest) or
// static files served by nginx (Vite and CRA single-page apps with index.html fallback, Astro
// static, Next `output: 'export'`, SvelteKit adapter-static, Angular, React Router with ssr:false).
// Each shape says which file decided it, so the plan can explain itself.
import { readJson, str } from './config-files';
import type { ProjectTree } from './project-tree';

/** How a framework's app is built and run. */
export interface NodeShape {
  framework: string;
  /** Why: the dependency or config that decided it. */
  source: string;
  /** `server`: node runs the built output; `static`: nginx serves `outDir`. */
  kind: 'server' | 'static';
  /** Static only: unknown paths answer index.html (client-side routing). */
  spa: boolean;
  /** Static output folder, relative to the app. */
  outDir: string | null;
  /** Server start argv; `{port}` stands for the chosen port. */
  start: string[] | null;
  /** Conventional port of the server (static sites use 8080). */
  port: number;
  /** Environment the server reads its address from. */
  env: Record<string, string>;
  /** Next `output: 'standalone'`: only .next/standalone, .next/static and public are needed at run time. */
  standalone: boolean;
}

/** True when package.json lists the dependency (runtime or dev). */
type Has = (dep: string) => boolean;

/** The shape of a framework app, or null when no known framework decides it. */
export function nodeShape(tree: ProjectTree, has: Has, plainServer: boolean): NodeShape | null {
  const config = (names: string[]) => names.map((n) => ({ n, t: tree.read(n) })).find((x) => x.t !== null) ?? null;
  const shape = (s: Partial<NodeShape> & Pick<NodeShape, 'framework' | 'source' | 'kind'>): NodeShape => ({
    spa: false,
    outDir: null,
    start: null,
    port: s.kind === 'static' ? 8080 : 3000,
    env: {},
    standalone: false,
    ...s,
  });
  const hostEnv = { HOST: '0.0.0.0' };

  if (has('next')) {
    const c = config(['next.config.js', 'next.config.mjs', 'next.config.ts', 'next.config.cjs']);
    const output = /output\s*:\s*["'](export|standalone)["']/.exec(c?.t ?? '')?.[1];
    const where = output ? `${c!.n} output: '${output}'` : 'dependency next';
    if (output === 'export') return shape({ framework: 'next', source: where, kind: 'static', outDir: 'out' });
    if (output === 'standalone') {
      return shape({
        framework: 'next',
        source: where,
        kind: 'server',
        start: ['node', 'server.js'],
        env: { HOSTNAME: '0.0.0.0', PORT: '{port}' },
        standalone: true,
      });
    }
    return shape({
      framework: 'next',
      source: where,
      kind: 'server',
      start: ['node_modules/.bin/next', 'start', '-H', '0.0.0.0', '-p', '{port}'],
    });
  }
  if (has('nuxt') || has('nuxt3')) {
    return shape({
      framework: 'nuxt',
      source: 'dependency nuxt (builds .output/server)',
      kind: 'server',
      start: ['node', '.output/server/index.mjs'],
      env: { HOST: '0.0.0.0', PORT: '{port}' },
    });
  }
  if (has('astro')) {
    const c = config(['astro.config.mjs', 'astro.config.ts', 'astro.config.js', 'astro.config.cjs']);
    const server = has('@astrojs/node') && /output\s*:\s*["'](server|hybrid)["']|adapter\s*:\s*node\(/.test(c?.t ?? '');
    if (server) {
      return shape({
        framework: 'astro',
        source: `${c!.n}: @astrojs/node adapter`,
        kind: 'server',
        start: ['node', 'dist/server/entry.mjs'],
        port: 4321,
        env: { ...hostEnv, PORT: '{port}' },
      });
    }
    return shape({
      framework: 'astro',
      source: `dependency astro${c ? ` (${c.n} has no node adapter: static output)` : ''}`,
      kind: 'static',
      outDir: 'dist',
    });
  }
  if (has('@sveltejs/kit')) {
    const c = config(['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts']);
    const adapter =
      /from\s+["'](@sveltejs\/adapter-[a-z-]+)["']/.exec(c?.t ?? '')?.[1] ??
      (has('@sveltejs/adapter-node') ? '@sveltejs/adapter-node' : null);
    if (adapter === '@sveltejs/adapter-static') {
      const pages = /pages\s*:\s*["']([^"']+)["']/.exec(c?.t ?? '')?.[1] ?? 'build';
      const fallback = /fallback\s*:\s*["'][^"']+["']/.test(c?.t ?? '');
      return shape({
        framework: 'sveltekit',
        source: `${c?.n ?? 'svelte.config.js'}: ${adapter}`,
        kind: 'static',
        outDir: pages,
        spa: fallback,
      });
    }
    if (adapter === '@sveltejs/adapter-node') {
      return shape({
        framework: 'sveltekit',
        source: `${c?.n ?? 'package.json'}: ${adapter}`,
        kind: 'server',
        start: ['node', 'build'],
        env: { ...hostEnv, PORT: '{port}' },
      });
    }
    // adapter-auto builds nothing runnable outside its known hosts; vite preview serves the build.
    return shape({
      framework: 'sveltekit',
      source:
        `${c?.n ?? 'svelte.config.js'}: ${adapter ?? 'no adapter'}` +
        ' (not a node server: vite preview serves the build)',
      kind: 'server',
      start: ['node_modules/.bin/vite', 'preview', '--host', '0.0.0.0', '--port', '{port}'],
      port: 4173,
    });
  }
  if (has('@react-router/dev')) {
    const c = config(['react-router.config.ts', 'react-router.config.js']);
    if (/ssr\s*:\s*false/.test(c?.t ?? ''))
      return shape({
        framework: 'react-router',
        source: `${c!.n}: ssr: false`,
        kind: 'static',
        outDir: 'build/client',
        spa: true,
      });
    return shape({
      framework: 'react-router',
      source: 'dependency @react-router/dev (server build)',
      kind: 'server',
      start: ['node_modules/.bin/react-router-serve', './build/server/index.js'],
      env: { PORT: '{port}' },
    });
  }
  if (has('@remix-run/dev')) {
    const serve = has('@remix-run/serve') ? ['node_modules/.bin/remix-serve', './build/server/index.js'] : null;
    return shape({
      framework: 'remix',
      source: `dependency @remix-run/dev${serve ? ' + @remix-run/serve' : ''}`,
      kind: 'server',
      start: serve,
      env: { PORT: '{port}' },
    });
  }
  if (has('@angular/core')) {
    const angular = readJson(tree, 'angular.json');
    const project = Object.keys((angular?.projects as Record<string, unknown> | undefined) ?? {})[0] ?? null;
    const outputPath = project ? str(angular, `projects.${project}.architect.build.options.outputPath`) : null;
    const base = outputPath ?? `dist/${project ?? 'app'}`;
    const builder = project ? (str(angular, `projects.${project}.architect.build.builder`) ?? '') : '';
    const browser = /application$/.test(builder) ? `${base}/browser` : base;
    if (has('@angular/ssr')) {
      return shape({
        framework: 'angular',
        source: 'dependency @angular/ssr',
        kind: 'server',
        start: ['node', `${base}/server/server.mjs`],
        port: 4000,
        env: { PORT: '{port}' },
      });
    }
    return shape({
      framework: 'angular',
      source: `angular.json${project ? ` project ${project}` : ''} (${browser})`,
      kind: 'static',
      outDir: browser,
      spa: true,
    });
  }
  // A server that uses vite or react-scripts as tooling is still a server.
  if (plainServer) return null;
  if (has('vite'))
    return shape({
      framework: 'vite',
      source: 'dependency vite (single-page app)',
      kind: 'static',
      outDir: 'dist',
      spa: true,
    });
  if (has('react-scripts'))
    return shape({
      framework: 'create-react-app',
      source: 'dependency react-scripts',
      kind: 'static',
      outDir: 'build',
      spa: true,
    });
  return null;
}
