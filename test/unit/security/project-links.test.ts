// Boundary 4 (docs/security.md): a project is someone else's code, and a link in it may point at a
// file or a folder of the host. The planner reads nothing through a link that leaves the project
// (and says so once in the plan), the build context sends links as links and never a host file's
// bytes, and generate never writes through such a link. Each attack has its control: the same read
// or write done the way the code did before (following links) reaches the host marker.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { readProjectTree } from '../../../plugin/docker/analysis/read-project-tree';
import { ContextError, listContextFiles } from '../../../plugin/docker/build/context-files';
import { generateProject } from '../../../plugin/docker/generate-project';
import { planProject, planProjectFrom } from '../../../plugin/docker/plan-project';
import { readInside } from '../../../plugin/docker/project/inside-project';
import { ProjectWriteRefused, writeInside } from '../../../plugin/docker/project/write-inside';

let base: string;
let host: string;
let project: string;
const MARKER = `host-marker-${process.pid}-do-not-read`;
const env = { TEKTON_ROOT: undefined, TEKTON_STATE_DIR: undefined } as Record<string, string | undefined>;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'tekton-links-'));
  // The "host": a file and a folder of the user's, outside any project.
  host = join(base, 'host');
  mkdirSync(join(host, 'secrets'), { recursive: true });
  writeFileSync(join(host, 'requirements.txt'), `${MARKER}==1.0\n`);
  writeFileSync(join(host, 'secrets', 'app.py'), `# ${MARKER}\nimport fastapi\n`);
  writeFileSync(join(host, 'Dockerfile'), `# the user's own host file ${MARKER}\n`);
  project = join(base, 'project');
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(join(project, 'main.py'), 'from flask import Flask\napp = Flask(__name__)\n');
  writeFileSync(join(project, 'src', 'util.py'), 'X = 1\n');
  // Links that leave the project: to a host file, to a host folder.
  symlinkSync(join(host, 'requirements.txt'), join(project, 'requirements.txt'));
  symlinkSync(join(host, 'secrets'), join(project, 'vendor-secrets'));
  // Links that stay inside: fine.
  symlinkSync('src', join(project, 'lib'));
  symlinkSync('main.py', join(project, 'wsgi.py'));
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('the planner and a link that leaves the project', () => {
  it('control: following the links (what the walker did) reads the host marker', () => {
    expect(readFileSync(join(project, 'requirements.txt'), 'utf8')).toContain(MARKER);
    expect(readdirSync(join(project, 'vendor-secrets'))).toEqual(['app.py']);
    // And a plan made from what those reads return carries the marker into the manifest.
    const followed = planProjectFrom(
      memoryTree({
        'main.py': readFileSync(join(project, 'main.py'), 'utf8'),
        'requirements.txt': readFileSync(join(project, 'requirements.txt'), 'utf8'),
      }),
      { name: 'links' },
    );
    expect(JSON.stringify(followed.manifest)).toContain(MARKER);
  });

  it('lists neither the host file nor the host folder; links inside the project are followed', () => {
    const tree = readProjectTree(project);
    expect(tree.files).not.toContain('requirements.txt');
    expect(tree.files.some((f) => f.startsWith('vendor-secrets/'))).toBe(false);
    expect(tree.files).toEqual(expect.arrayContaining(['main.py', 'wsgi.py', 'lib/util.py']));
    expect(tree.read('wsgi.py')).toContain('Flask');
  });

  it('reads nothing through them, even when asked by name, and names each link once', () => {
    const tree = readProjectTree(project);
    expect(tree.read('requirements.txt')).toBeNull();
    expect(tree.read('vendor-secrets/app.py')).toBeNull();
    expect(tree.read('requirements.txt')).toBeNull();
    const skipped = tree.notes.filter((n) => n.startsWith('skipped link'));
    expect(skipped).toEqual([
      `skipped link requirements.txt → ${join(host, 'requirements.txt')}: outside the project, not read`,
      `skipped link vendor-secrets → ${join(host, 'secrets')}: outside the project, not read`,
    ]);
  });

  it('the plan, its manifest and its files carry nothing from outside, and the plan says what it skipped', () => {
    const plan = planProject({ target: project, env });
    const text = JSON.stringify({ ...plan, project: null });
    expect(text).not.toContain(MARKER);
    expect(plan.warnings.filter((w) => w.startsWith('skipped link'))).toHaveLength(2);
  });

  it('a path that climbs out with .. (a name a config file gave) is not read either', () => {
    const tree = readProjectTree(project);
    expect(tree.read('../host/requirements.txt')).toBeNull();
    expect(tree.read('src/../../host/secrets/app.py')).toBeNull();
    expect(tree.read('src/../main.py')).toContain('Flask');
    // Control: the same relative path joined to the root, as reads did before, reaches the host.
    expect(readFileSync(join(project, '../host/requirements.txt'), 'utf8')).toContain(MARKER);
  });

  it('a Dockerfile that is a link to a host file is not read as the user Dockerfile', () => {
    symlinkSync(join(host, 'Dockerfile'), join(project, 'Dockerfile'));
    const plan = planProject({ target: project, env });
    expect(plan.apps[0]!.userDockerfile).toBe(false);
    expect(plan.apps[0]!.buildDockerfile).not.toContain(MARKER);
    expect(plan.warnings).toContain(
      `skipped link Dockerfile → ${join(host, 'Dockerfile')}: outside the project, not read`,
    );
  });

  it('a linked project root is the user choice: followed, and links inside it still count as inside', () => {
    const alias = join(base, 'alias');
    symlinkSync(project, alias);
    const tree = readProjectTree(alias);
    expect(tree.files).toContain('lib/util.py');
    expect(tree.files).not.toContain('requirements.txt');
  });

  it('a FIFO in the project does not hang a read', () => {
    execFileSync('mkfifo', [join(project, 'Procfile')]);
    expect(readInside(project, 'Procfile')).toEqual({ kind: 'skipped', why: 'not a regular file' });
    expect(readProjectTree(project).read('Procfile')).toBeNull();
  });
});

describe('the build context and a link that leaves the project', () => {
  it('sends a link as a link (its target text), never the host bytes', () => {
    const entries = listContextFiles(project);
    const link = entries.find((e) => e.path === 'requirements.txt');
    expect(link).toMatchObject({ type: 'symlink', linkTarget: join(host, 'requirements.txt') });
    expect(entries.find((e) => e.path === 'vendor-secrets')).toMatchObject({ type: 'symlink' });
    const bytes = Buffer.concat(entries.map((e) => e.content ?? Buffer.alloc(0))).toString('utf8');
    expect(bytes).not.toContain(MARKER);
    expect(bytes).toContain('Flask');
  });

  it('refuses a context folder that is a link out of the project', () => {
    symlinkSync(host, join(project, 'app'));
    expect(() => listContextFiles(join(project, 'app'), { projectRoot: project })).toThrow(ContextError);
    expect(() => listContextFiles(join(project, 'app'), { projectRoot: project })).toThrow(
      /app is a link to .*host, outside the project/,
    );
  });

  it('ignores a .dockerignore that is a link out of the project (the planned rules apply)', () => {
    writeFileSync(join(host, 'ignore'), '*\n');
    symlinkSync(join(host, 'ignore'), join(project, '.dockerignore'));
    const paths = listContextFiles(project, { fallbackIgnore: 'src\n' }).map((e) => e.path);
    expect(paths).toContain('main.py');
    expect(paths).not.toContain('src/util.py');
  });
});

describe('generate and a link that leaves the project', () => {
  it('control: a plain write through the link (what writeFileSync does) changes the host file', () => {
    const victim = join(base, 'victim');
    writeFileSync(victim, 'original');
    symlinkSync(victim, join(base, 'through'));
    writeFileSync(join(base, 'through'), 'overwritten');
    expect(readFileSync(victim, 'utf8')).toBe('overwritten');
  });

  it('refuses when the Dockerfile is a link to a host file; the host file and the project are unchanged', async () => {
    symlinkSync(join(host, 'Dockerfile'), join(project, 'Dockerfile'));
    const before = readFileSync(join(host, 'Dockerfile'), 'utf8');
    const err = await generateProject({ target: project, env, force: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProjectWriteRefused);
    expect((err as Error).message).toMatch(
      /Refused to write Dockerfile: Dockerfile is a link to .*outside the project/,
    );
    expect(readFileSync(join(host, 'Dockerfile'), 'utf8')).toBe(before);
    // Refused before any file was written.
    expect(readdirSync(project).sort()).toEqual([
      'Dockerfile',
      'lib',
      'main.py',
      'requirements.txt',
      'src',
      'vendor-secrets',
      'wsgi.py',
    ]);
  });

  it('refuses when a folder on the way (.tekton) is a link to a host folder; nothing lands there', async () => {
    const hostDir = join(base, 'host-state');
    mkdirSync(hostDir);
    symlinkSync(hostDir, join(project, '.tekton'));
    await expect(generateProject({ target: project, env })).rejects.toThrow(
      /\.tekton is a link to .*host-state, outside the project/,
    );
    expect(readdirSync(hostDir)).toEqual([]);
  });

  it('writes through a link that stays inside the project (its target is replaced, the link kept)', () => {
    mkdirSync(join(project, 'docker'));
    writeFileSync(join(project, 'docker', 'Dockerfile'), 'FROM scratch\n');
    symlinkSync('docker/Dockerfile', join(project, 'Dockerfile'));
    writeInside(project, 'Dockerfile', 'FROM debian\n');
    expect(readFileSync(join(project, 'docker', 'Dockerfile'), 'utf8')).toBe('FROM debian\n');
  });

  it('creates missing folders as real folders inside the project', () => {
    writeInside(project, 'deploy/k8s/app.yaml', 'a: 1\n');
    expect(readFileSync(join(project, 'deploy', 'k8s', 'app.yaml'), 'utf8')).toBe('a: 1\n');
  });

  it('generates normally when the only links stay inside the project', async () => {
    rmSync(join(project, 'requirements.txt'));
    rmSync(join(project, 'vendor-secrets'));
    const r = await generateProject({ target: project, env });
    expect(r.written).toContain('Dockerfile');
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toMatch(/^# Generated by/);
  });
});
