// The app's folder is root's and read-only to the app user in every generated Dockerfile (no
// `--chown` of the app's files, the Yarn PnP `.pnp.cjs` included); what the app writes is declared
// (manifest `writable_paths`, framework defaults), made and given to it after the sources; values
// that could break a Dockerfile line or reach the CI's or the system's folders are refused; and
// `docker plan` lists them with the datastores' data folders.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { appendCiStage } from '../../../plugin/docker/dockerfile/append-ci-stage';
import { planProjectFrom } from '../../../plugin/docker/plan-project';
import { securityNotes } from '../../../plugin/docker/security-notes';
import { type Manifest, validateManifest } from '../../../protocol';

const CORPUS = resolve(import.meta.dirname, '../../../examples/corpus');

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n !== 'expected.json') out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}
const plan = (files: Record<string, string>, name = 'shape') => planProjectFrom(memoryTree(files), { name });
const fixture = (name: string) => plan(filesOf(join(CORPUS, name)), name);

const PNP = {
  'package.json': JSON.stringify({
    packageManager: 'yarn@3.2.4',
    scripts: { start: 'node index.js' },
    dependencies: { fastify: '4' },
  }),
  'yarn.lock': '__metadata:\n  version: 6\n',
  '.yarnrc.yml': 'yarnPath: .yarn/releases/yarn-3.2.4.cjs\n',
  '.yarn/releases/yarn-3.2.4.cjs': '',
  'index.js': 'require("fastify")',
};

describe("the app's folder", () => {
  it('is copied root-owned in every corpus shape: no --chown of the app files anywhere', () => {
    const shapes = readdirSync(CORPUS).filter((n) => statSync(join(CORPUS, n)).isDirectory());
    expect(shapes.length).toBeGreaterThan(20);
    for (const name of shapes) {
      let text: string;
      try {
        text = fixture(name)
          .apps.map((a) => a.buildDockerfile)
          .join('\n');
      } catch {
        continue; // shapes the planner refuses (with a reason) have no Dockerfile to judge
      }
      expect(text, name).not.toMatch(/--chown=10001/);
      expect(text, name).not.toMatch(/chown -R (app|10001)[^\n]* \/app\s*$/m);
    }
  });

  it("keeps Yarn PnP's .pnp.cjs root-owned, though NODE_OPTIONS names it", () => {
    const text = plan(PNP).apps[0]!.buildDockerfile;
    expect(text).toMatch(/NODE_OPTIONS="--require \/app\/\.pnp\.cjs"/);
    expect(text).toMatch(/^COPY \. \.$/m);
    expect(text).not.toMatch(/chown/);
  });

  it('makes the framework paths writable, after the sources, for Next, Rails and Laravel', () => {
    for (const [name, paths] of [
      ['node-next-standalone', ['/app/.next/cache']],
      ['ruby-rails', ['/app/tmp', '/app/log', '/app/storage']],
      ['php-laravel', ['/app/storage', '/app/bootstrap/cache']],
    ] as const) {
      const p = fixture(name);
      const text = p.apps[0]!.buildDockerfile;
      const sorted = [...paths].sort().join(' ');
      const line = `RUN mkdir -p ${sorted} && chown -R 10001:10001 ${sorted}`;
      expect(text, name).toContain(line);
      const lines = text.split('\n');
      const lastCopy = Math.max(...lines.map((l, i) => (/^COPY /.test(l) && !l.includes('manifest.json') ? i : -1)));
      expect(lines.indexOf(line), name).toBeGreaterThan(lastCopy);
      const main = Object.values(p.manifest.applications).find((a) => a.writable_paths);
      expect(main?.writable_paths?.map((w) => `/app/${w}`).sort(), name).toEqual([...paths].sort());
    }
  });

  it('adds the declared paths to a user Dockerfile too, in the appended CI stage', () => {
    const p = plan({ 'app.py': 'print(1)\n' }, 'svc');
    const manifest = structuredClone(p.manifest);
    manifest.applications.app!.writable_paths = ['uploads', '/var/cache/svc'];
    const text = appendCiStage('FROM python:3.12-slim\nCOPY . /app\nCMD ["python3", "app.py"]\n', {
      manifest,
      container: 'svc',
      stores: [],
      where: 'Dockerfile',
    });
    expect(text).toContain(
      'RUN mkdir -p /app/uploads /var/cache/svc && chown -R 10001:10001 /app/uploads /var/cache/svc',
    );
  });
});

describe('declared writable paths', () => {
  const withPaths = (paths: unknown): string[] => {
    const m = structuredClone(plan({ 'app.py': 'print(1)\n' }, 'svc').manifest) as Manifest;
    (m.applications.app as { writable_paths?: unknown }).writable_paths = paths;
    return validateManifest(m);
  };

  it('accepts plain relative and absolute folders', () => {
    expect(withPaths(['tmp', 'var/cache', '/data'])).toEqual([]);
  });

  it('refuses what could break a Dockerfile line or reach the CI or the system, naming each', () => {
    const problems = withPaths([
      'a\nRUN id',
      'x y',
      '../etc',
      '/etc/cron.d',
      '/opt/tekton-ci/recipes',
      '/',
      '$HOME',
      7,
    ]);
    expect(problems).toEqual([
      'applications.app.writable_paths: "a\\nRUN id" is not a plain path (letters, digits, . _ @ + - / only)',
      'applications.app.writable_paths: "x y" is not a plain path (letters, digits, . _ @ + - / only)',
      "applications.app.writable_paths: '../etc' climbs out with '..'; name the folder itself",
      "applications.app.writable_paths: '/etc/cron.d' is in /etc, which the app's user may never write",
      "applications.app.writable_paths: '/opt/tekton-ci/recipes' is in /opt/tekton-ci, which the app's user may never write",
      "applications.app.writable_paths: '/' is the root folder, which the app's user may never write",
      'applications.app.writable_paths: "$HOME" is not a plain path (letters, digits, . _ @ + - / only)',
      'applications.app.writable_paths: 7 is not a plain path (letters, digits, . _ @ + - / only)',
    ]);
    expect(withPaths('tmp')).toEqual(['applications.app.writable_paths must be an array of paths']);
  });

  it('are listed by docker plan, with the data folder of a Postgres', () => {
    const p = plan(
      {
        'requirements.txt': 'fastapi\nuvicorn\npsycopg2-binary\n',
        'main.py': 'import os\nfrom fastapi import FastAPI\napp = FastAPI()\nDB = os.environ["DATABASE_URL"]\n',
      },
      'withdb',
    );
    const notes = securityNotes(p.manifest).join('\n');
    expect(notes).toMatch(/app folder: root's and read-only to the app user/);
    expect(notes).toMatch(/the image's ENV \(NODE_OPTIONS, LD_PRELOAD, \.\.\.\) reaches the app's services only/);
    expect(notes).toMatch(
      /app writable paths withdb: none declared \(manifest writable_paths\); data: \/var\/lib\/tekton-pg/,
    );
    const next = securityNotes(fixture('node-next-standalone').manifest).join('\n');
    expect(next).toMatch(/app writable paths node-next-standalone: \/app\/\.next\/cache/);
  });
});
