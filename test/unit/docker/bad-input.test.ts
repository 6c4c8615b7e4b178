// Bad input: a clear message, no crash, nothing half-written.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisError } from '../../../plugin/docker/analysis/analyze-project';
import { readProjectTree } from '../../../plugin/docker/analysis/read-project-tree';
import { generateProject } from '../../../plugin/docker/generate-project';
import { planProject } from '../../../plugin/docker/plan-project';
import { ProjectNotFound } from '../../../plugin/docker/project/resolve-project';

const env = { HOME: process.env.HOME, TEKTON_STATE_DIR: '/nonexistent-tekton-state' };
const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tekton-docker-bad-'));
  dirs.push(d);
  return d;
}
// Removing the 50,000-file tree takes longer than the default 10 s hook budget when the disk is shared.
afterEach(() => {
  for (const d of dirs.splice(0)) {
    try {
      chmodSync(d, 0o755);
    } catch {
      /* gone */
    }
    rmSync(d, { recursive: true, force: true });
  }
}, 120_000);

describe('bad input', () => {
  it('an empty folder is a clear error', () => {
    const d = tempDir();
    expect(() => planProject({ target: d, env })).toThrow(AnalysisError);
    expect(() => planProject({ target: d, env })).toThrow(/no files to analyse/);
  });

  it('a missing folder or unknown project name is a clear error', () => {
    expect(() => planProject({ target: '/nonexistent/project-xyz', env })).toThrow(ProjectNotFound);
    expect(() => planProject({ target: 'no-such-project-name', env })).toThrow(
      /No folder or Tekton project named no-such-project-name/,
    );
  });

  it('a folder with nothing runnable says so', () => {
    const d = tempDir();
    writeFileSync(join(d, 'notes.txt'), 'hello');
    expect(() => planProject({ target: d, env })).toThrow(/found no deployable app/);
  });

  it('symlink loops, broken links, binary and unreadable files are noted and skipped', () => {
    const d = tempDir();
    writeFileSync(join(d, 'requirements.txt'), 'flask\n');
    writeFileSync(join(d, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    mkdirSync(join(d, 'sub'));
    symlinkSync('..', join(d, 'sub', 'loop'));
    symlinkSync(join(d, 'missing-target'), join(d, 'broken'));
    writeFileSync(join(d, 'blob.py'), Buffer.from([0x70, 0x00, 0x01, 0x02]));
    writeFileSync(join(d, 'secret.py'), 'x = 1\n');
    chmodSync(join(d, 'secret.py'), 0o000);
    const tree = readProjectTree(d);
    expect(tree.read('blob.py')).toBeNull();
    expect(tree.notes.join('\n')).toMatch(/symlink loop|duplicate directory/);
    expect(tree.notes.join('\n')).toMatch(/broken symlink/);
    const plan = planProject({ target: d, env });
    expect(plan.summary.framework).toBe('flask');
    if (process.getuid?.() !== 0) expect(tree.read('secret.py')).toBeNull();
  });

  it('50,000 files: .gitignore and .dockerignore are honoured and the plan stays fast', () => {
    const d = tempDir();
    writeFileSync(join(d, 'go.mod'), 'module x\n\ngo 1.21\n');
    writeFileSync(
      join(d, 'main.go'),
      'package main\nimport "net/http"\nfunc main() { http.ListenAndServe(":8080", nil) }\n',
    );
    writeFileSync(join(d, '.gitignore'), 'generated/\n');
    writeFileSync(join(d, '.dockerignore'), 'fixtures\n');
    for (const top of ['generated', 'fixtures', 'data']) {
      for (let i = 0; i < 50; i++) {
        const sub = join(d, top, `d${i}`);
        mkdirSync(sub, { recursive: true });
        for (let j = 0; j < (top === 'data' ? 200 : 400); j++) writeFileSync(join(sub, `f${j}.txt`), 'x');
      }
    }
    const t0 = performance.now();
    const tree = readProjectTree(d);
    const plan = planProject({ target: d, env, tree });
    const ms = performance.now() - t0;
    expect(tree.files.some((f) => f.startsWith('generated/'))).toBe(false);
    expect(tree.files.some((f) => f.startsWith('fixtures/'))).toBe(false);
    expect(tree.files.filter((f) => f.startsWith('data/'))).toHaveLength(10_000);
    expect(plan.summary).toMatchObject({ language: 'go', port: 8080 });
    // Generous bound: the benchmark measures the real time; this only catches a pathological walk.
    expect(ms).toBeLessThan(20_000);
  }, 120_000);

  it('conflicting signals: both are scored, the winner is explained and a warning names the other', () => {
    const d = tempDir();
    writeFileSync(join(d, 'requirements.txt'), 'flask\n');
    writeFileSync(join(d, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    writeFileSync(
      join(d, 'package.json'),
      JSON.stringify({ name: 'x', scripts: { start: 'node server.js' }, dependencies: { express: '4' } }),
    );
    writeFileSync(join(d, 'server.js'), "require('express')().listen(3000)\n");
    const plan = planProject({ target: d, env });
    const language = plan.reasons.find((r) => r.what === 'language')!;
    expect(language.source).toMatch(/over (node|python) \(score \d+/);
    expect(plan.warnings.join('\n')).toMatch(/conflicting signals/);
  });

  it('invalid package.json does not crash: the Python app wins and the file is scored low', () => {
    const d = tempDir();
    writeFileSync(join(d, 'package.json'), '{ not json');
    writeFileSync(join(d, 'requirements.txt'), 'fastapi\n');
    writeFileSync(join(d, 'main.py'), 'from fastapi import FastAPI\napp = FastAPI()\n');
    expect(planProject({ target: d, env }).summary.language).toBe('python');
  });

  it('generate keeps a user Dockerfile without --force and writes nothing half-way', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'requirements.txt'), 'flask\n');
    writeFileSync(join(d, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    writeFileSync(join(d, 'Dockerfile'), 'FROM python:3.12-slim\nCMD ["python3", "app.py"]\n');
    const result = await generateProject({ target: d, env });
    expect(result.kept).toEqual(['Dockerfile']);
    expect(readFileSync(join(d, 'Dockerfile'), 'utf8')).toBe('FROM python:3.12-slim\nCMD ["python3", "app.py"]\n');
    expect(existsSync(join(d, '.tekton', 'manifest.json'))).toBe(true);
    // No temp files left behind by the atomic writes.
    const leftovers = (await import('node:fs')).readdirSync(d).filter((f) => f.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    // A user file that says no (interactive "no") is kept too; --force replaces it.
    const asked: string[] = [];
    const no = await generateProject({
      target: d,
      env,
      confirm: async (p) => {
        asked.push(p);
        return false;
      },
    });
    expect(asked).toEqual(['Dockerfile']);
    expect(no.kept).toEqual(['Dockerfile']);
    const forced = await generateProject({ target: d, env, force: true });
    expect(forced.written).toContain('Dockerfile');
    expect(readFileSync(join(d, 'Dockerfile'), 'utf8')).toMatch(/^# Generated by `aish docker generate`/);
  });

  it('generate replaces its own unedited files but keeps them once edited', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'requirements.txt'), 'flask\n');
    writeFileSync(join(d, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    await generateProject({ target: d, env });
    writeFileSync(join(d, 'requirements.txt'), 'flask\ngunicorn\n');
    const second = await generateProject({ target: d, env });
    expect(second.written).toContain('Dockerfile');
    expect(readFileSync(join(d, 'Dockerfile'), 'utf8')).toMatch(/gunicorn/);
    writeFileSync(join(d, 'Dockerfile'), `${readFileSync(join(d, 'Dockerfile'), 'utf8')}# my edit\n`);
    writeFileSync(join(d, 'requirements.txt'), 'flask\n');
    const third = await generateProject({ target: d, env });
    expect(third.kept).toContain('Dockerfile');
    expect(readFileSync(join(d, 'Dockerfile'), 'utf8')).toMatch(/# my edit/);
  });
});
