// Boundary 4 (docs/security.md): a value read from a project (a start command, a folder name, a
// Cargo.toml bin name, a packageManager field...) must not end a line of a generated file and start
// another. Hostile values (line breaks, NUL, quotes, backslashes, `$`, `#`, Unicode separators) go
// through each quoting function and through every generator with every string of real analyses
// replaced by each of them: the output is refused (UnsafeValue) or parses back, with the real
// parsers (dockerfile-ast, yaml, JSON, /bin/sh), to exactly the instructions and values intended.
// The control: the same payload interpolated as the generators did before splits one instruction
// into two.
import { execFileSync } from 'node:child_process';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../protocol';
import { analyzeProject } from '../../../plugin/docker/analysis/analyze-project';
import { buildManifest, containerNameFor } from '../../../plugin/docker/analysis/build-manifest';
import { checkProjectValues, ProjectValueRefused } from '../../../plugin/docker/analysis/check-values';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import type { AppAnalysis, ProjectAnalysis } from '../../../plugin/docker/analysis/types';
import { appendCiStage } from '../../../plugin/docker/dockerfile/append-ci-stage';
import { generateCompose } from '../../../plugin/docker/dockerfile/generate-compose';
import { generateDockerfile } from '../../../plugin/docker/dockerfile/generate-dockerfile';
import { generateDockerignore } from '../../../plugin/docker/dockerfile/generate-dockerignore';
import { planProjectFrom } from '../../../plugin/docker/plan-project';
import {
  comment,
  envPair,
  execForm,
  plainPath,
  quoted,
  runCommand,
} from '../../../plugin/docker/quoting/dockerfile-text';
import { shellWord } from '../../../plugin/docker/quoting/shell-word';
import { UnsafeValue } from '../../../plugin/docker/quoting/unsafe-value';
import { composeYaml, k8sYaml } from '../../../plugin/docker/quoting/yaml-text';
import { exportK8s } from '../../../plugin/ergon/k8s-export';

const HOSTILE = [
  'x\nRUN touch /pwned',
  'x\r\nRUN touch /pwned',
  'x\rRUN touch /pwned',
  'x\u0000y',
  'x\u2028RUN touch /pwned',
  'x\u2029y',
  'x\u0085y',
  '\u001b[31mred',
  'x"y',
  "x'y",
  'x\\',
  'x\\ ',
  '\\$HOME',
  '$HOME',
  '${PATH}',
  '$(touch /pwned)',
  '`touch /pwned`',
  '$$',
  '# not a comment',
  'x # y',
  '"; touch /pwned; "',
  "'; touch /pwned; '",
  'a b',
  '-rf',
  '--from=evil',
  '../../etc',
  '!.env',
  '*',
  '<<EOF',
  'x;y&z|w',
  'ünïcødé',
  '{"a": [1]}',
];

// The generator sweep uses one value of each kind (the quoting functions above take them all).
const SWEEP = [
  'x\nRUN touch /pwned',
  'x\u2028y',
  'x"y',
  "'; touch /pwned; '",
  'x\\',
  '$(touch /pwned)',
  '# c',
  'a b',
  '-rf',
  '<<EOF',
  '../x',
];

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

const parse = (text: string) => DockerfileParser.parse(text).getInstructions();

/** One instruction's shape: keyword, ENV/LABEL/ARG property names, exec-form arity. */
function shape(i: Instruction): string {
  const kw = i.getKeyword();
  const props = (i as unknown as { getProperties?: () => Array<{ getName(): string }> }).getProperties?.();
  if (props) return `${kw}(${props.map((p) => p.getName()).join(',')})`;
  if (kw === 'CMD' || kw === 'ENTRYPOINT') {
    const args = JSON.parse(i.getRawArgumentsContent() ?? '') as unknown;
    expect(Array.isArray(args) && args.every((a) => typeof a === 'string')).toBe(true);
    return `${kw}[${(args as string[]).length}]`;
  }
  return kw;
}

const shapes = (text: string) => parse(text).map(shape);

// dockerfile-ast resolves quotes and `\"`, `\\`, but leaves `\$` for variable resolution, which BuildKit does.
const envValue = (i: Instruction) =>
  (i as unknown as { getProperties(): Array<{ getValue(): string }> })
    .getProperties()[0]!
    .getValue()
    .replace(/\\\$/g, '$');

/** Runs `make`; true when it refused with UnsafeValue (anything else fails the test). */
function refused(make: () => void): boolean {
  try {
    make();
    return false;
  } catch (err) {
    if (err instanceof UnsafeValue || err instanceof ProjectValueRefused) return true;
    throw err;
  }
}

describe('control: the payloads against naive interpolation', () => {
  it('a line break in an ENV value, a comment or a RUN word makes a second instruction', () => {
    expect(shapes(`ENV A=${'x\nRUN touch /pwned'}`)).toEqual(['ENV(A)', 'RUN']);
    expect(shapes(`# app in ${'x\nRUN touch /pwned'}/\nCMD ["a"]`)).toEqual(['RUN', 'CMD[1]']);
    expect(shapes(`RUN cargo build --bin ${'x\\'}\nRUN true`)).toEqual(['RUN']);
  });
});

describe('each quoting function, fed every hostile value', () => {
  it.each(HOSTILE)('exec form of %j: one CMD whose argv is exactly the value', (v) => {
    if (refused(() => execForm([v]))) return expect(v).toContain('\u0000');
    const ins = parse(`CMD ${execForm(['run', v])}\nUSER app`);
    expect(ins.map((i) => i.getKeyword())).toEqual(['CMD', 'USER']);
    expect(JSON.parse(ins[0]!.getRawArgumentsContent()!)).toEqual(['run', v]);
  });

  it.each(HOSTILE)('ENV and LABEL value %j: one property, read back exactly', (v) => {
    expect(refused(() => quoted(v))).toBe(UNSAFE.test(v));
    if (UNSAFE.test(v)) return;
    for (const line of [`ENV A=${quoted(v)}`, `LABEL a=${quoted(v)}`, `ENV ${envPair('A', v)}`]) {
      const ins = parse(`${line}\nUSER app`);
      expect(ins.map(shape)).toEqual([line.startsWith('ENV') ? 'ENV(A)' : 'LABEL(a)', 'USER']);
      expect(envValue(ins[0]!)).toBe(v);
    }
  });

  it.each(HOSTILE)('shell word %j: one RUN, and /bin/sh reads back exactly the value', (v) => {
    expect(refused(() => shellWord(v))).toBe(UNSAFE.test(v));
    if (UNSAFE.test(v)) return;
    const w = shellWord(v);
    expect(shapes(`RUN printf %s ${w}\nUSER app`)).toEqual(['RUN', 'USER']);
    expect(execFileSync('sh', ['-c', `printf %s ${w}`], { encoding: 'utf8' })).toBe(v);
  });

  it.each(HOSTILE)('path %j: plain (one COPY source, itself) or refused', (v) => {
    if (refused(() => plainPath(v))) return;
    const ins = parse(`COPY ${plainPath(v)} ./\nUSER app`);
    expect(ins.map((i) => i.getKeyword())).toEqual(['COPY', 'USER']);
    expect(ins[0]!.getArguments().map((a) => a.getValue())).toEqual([v, './']);
  });

  it.each(HOSTILE)('comment and RUN command %j stay on their line', (v) => {
    expect(refused(() => comment(v))).toBe(UNSAFE.test(v));
    if (!UNSAFE.test(v)) expect(shapes(`${comment(v)}\nUSER app`)).toEqual(['USER']);
    const runRefused = UNSAFE.test(v) || /\\[ \t]*$/.test(v) || v.includes('<<');
    expect(refused(() => runCommand(v))).toBe(runRefused);
    if (!runRefused) expect(shapes(`RUN ${runCommand(v)}\nUSER app`)).toEqual(['RUN', 'USER']);
  });

  it.each(HOSTILE)('compose and Kubernetes YAML value %j: one value, read back exactly after interpolation', (v) => {
    expect(refused(() => composeYaml({ v }))).toBe(UNSAFE.test(v));
    if (UNSAFE.test(v)) return;
    const compose = parseYaml(composeYaml({ services: { web: { command: v, labels: { [v]: v } } } }));
    // Compose reads `$$` as `$` after parsing; nothing else of the value is interpolated.
    const fromCompose = (s: string) => s.replace(/\$\$/g, '$');
    expect(fromCompose(compose.services.web.command)).toBe(v);
    expect(Object.keys(compose.services.web.labels)).toEqual([v]);
    const k8s = parseYaml(k8sYaml({ spec: { command: [v], env: [{ name: 'A', value: v }] }, metadata: { name: v } }));
    expect(fromCompose(k8s.spec.command[0])).toBe(v);
    expect(fromCompose(k8s.spec.env[0].value)).toBe(v);
    expect(k8s.metadata.name).toBe(v);
  });

  it.each(HOSTILE)('manifest JSON of %j: one value, read back exactly', (v) => {
    expect(JSON.parse(canonicalJson({ run_command: [v], env: { A: v } }))).toEqual({ run_command: [v], env: { A: v } });
  });
});

// Real analyses of projects of each generator's shape: every string in them is a value a project gave.
const PROJECTS: Record<string, Record<string, string>> = {
  'python with a worker and redis': {
    'requirements.txt': 'flask\ncelery\nredis\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    Procfile: 'web: gunicorn app:app --bind 0.0.0.0:8000\nworker: celery -A tasks worker\n',
  },
  'node with a vite build': {
    'package.json': JSON.stringify({ name: 'site', scripts: { build: 'vite build' }, devDependencies: { vite: '5' } }),
    'package-lock.json': '{}',
    'index.html': '<html></html>',
  },
  'pnpm server with a pinned release': {
    'package.json': JSON.stringify({
      name: 'api',
      packageManager: 'pnpm@8.15.0',
      scripts: { start: 'node server.js' },
      dependencies: { express: '4' },
    }),
    'pnpm-lock.yaml': "lockfileVersion: '6.0'\n",
    'server.js': 'require("express")().listen(3000)\n',
  },
  'go module': {
    'go.mod': 'module x\n',
    'cmd/server/main.go': 'package main\nfunc main(){ http.ListenAndServe(":8080", nil) }\n',
  },
  'rust binary': {
    'Cargo.toml': '[package]\nname = "svc"\nversion = "0.1.0"\n[dependencies]\naxum = "0.7"\n',
    'src/main.rs': 'fn main() { let _ = "0.0.0.0:3000"; }\n',
  },
  'cmake executable': {
    'CMakeLists.txt': 'project(srv)\nadd_executable(srv main.cpp)\n',
    'main.cpp': '#define PORT 9000\n',
  },
  'dotnet web': {
    'Api.csproj':
      '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>',
    'Program.cs': '',
  },
  'deno server': { 'deno.json': '{}', 'main.ts': 'Deno.serve({ port: 8000 }, () => new Response("x"))\n' },
};

type Leaf = { path: Array<string | number>; value: string };

function leaves(v: unknown, path: Array<string | number> = []): Leaf[] {
  if (typeof v === 'string') return [{ path, value: v }];
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...path, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...path, k]));
  return [];
}

function setAt(root: unknown, path: Array<string | number>, value: string): void {
  let o = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[path[path.length - 1]!] = value;
}

/** Every generated text of one analysis: Dockerfile, .dockerignore, compose (split layout), k8s, a user Dockerfile's CI stage, the manifest. */
const OUTPUTS: Record<string, (analysis: ProjectAnalysis) => string> = {
  dockerfile: (a) =>
    generateDockerfile({ app: a.apps[0]!, manifest: manifestOf(a), container: containerNameFor(a, a.apps[0]!) }),
  userStage: (a) =>
    appendCiStage(`FROM debian:bookworm-slim\nCMD ${execForm(a.apps[0]!.start)}\n`, {
      manifest: manifestOf(a),
      container: containerNameFor(a, a.apps[0]!),
      stores: a.apps[0]!.services.map((s) => s.kind),
      where: 'Dockerfile',
    }),
  dockerignore: (a) => generateDockerignore(a.apps[0]!),
  compose: (a) =>
    generateCompose(
      manifestOf(a),
      (c) => `${c}:latest`,
      () => ({ context: `./${a.apps[0]!.context}` }),
    ) ?? '',
  k8s: (a) => exportK8s(manifestOf(a), `${containerNameFor(a, a.apps[0]!)}:latest`),
  manifest: (a) => canonicalJson(manifestOf(a)),
};

const manifestOf = (a: ProjectAnalysis) => buildManifest(a, { split: true });

/**
 * What must stay the same whatever a value is: the Dockerfile instructions (keyword, ENV/LABEL names,
 * exec-form arity), the .dockerignore lines, and the shape of the YAML and JSON documents (how many
 * keys and items at each level; key names may be values, such as an application's name).
 */
function structure(output: string, text: string): unknown {
  const form = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(form).join(',')}]`
      : v && typeof v === 'object'
        ? `{${Object.values(v).map(form).sort().join(',')}}`
        : typeof v;
  if (output === 'dockerfile' || output === 'userStage') return shapes(text);
  if (output === 'dockerignore') return text.split('\n').length;
  if (output === 'compose') return form(parseYaml(text));
  if (output === 'k8s') return parseAllDocuments(text).map((d) => form(d.toJS()));
  return form(JSON.parse(text));
}

describe.each(Object.keys(PROJECTS))('every generator, every value of a %s replaced by each hostile value', (name) => {
  it('is refused or keeps exactly the intended instructions and values', () => {
    const base = analyzeProject(memoryTree(PROJECTS[name]!), 'demo');
    let generated = 0;
    let refusals = 0;
    // The decided values of the app (not the reasons quoting them) and the project's name.
    const targets: Leaf[] = [
      ...leaves({ ...base.apps[0]!, reasons: [], candidates: [], warnings: [] }),
      { path: [], value: base.name },
    ];
    for (const leaf of targets) {
      const mutate = (value: string): ProjectAnalysis => {
        const a = structuredClone(base);
        if (leaf.path.length) setAt(a.apps[0] as AppAnalysis, leaf.path, value);
        else a.name = value;
        return a;
      };
      const what = (v: string) => `${leaf.path.join('.') || 'name'} = ${JSON.stringify(v)}`;
      // The whole pipeline starts with the check of project values: every unsafe character stops there.
      for (const v of SWEEP)
        expect(
          refused(() => checkProjectValues(mutate(v))),
          what(v),
        ).toBe(UNSAFE.test(v));
      // Then each generator that writes this value (a canary finds them) is fed each hostile value on its own:
      // its quoting alone must refuse it or keep the structure a benign value of the same truthiness gives.
      const canary = mutate('zzcanary');
      for (const [output, generate] of Object.entries(OUTPUTS)) {
        let text: string;
        try {
          text = generate(canary);
        } catch {
          continue;
        }
        if (!text.includes('zzcanary')) continue;
        const expected = structure(output, text);
        for (const v of SWEEP) {
          let out: string;
          try {
            out = generate(mutate(v));
          } catch (err) {
            if (!(err instanceof UnsafeValue)) throw new Error(`${what(v)} in ${output}: ${err}`);
            refusals++;
            continue;
          }
          generated++;
          expect(structure(output, out), `${what(v)} in ${output}`).toEqual(expected);
        }
      }
    }
    expect(generated).toBeGreaterThan(20);
    expect(refusals).toBeGreaterThan(5);
  });
});

describe('refusals name the value and the file it came from', () => {
  it('a Procfile command with a next-line character and RUN (a Procfile line ends only at \\n or \\r)', () => {
    const tree = memoryTree({
      'package.json': JSON.stringify({ name: 'a', dependencies: { express: '4' } }),
      'server.js': 'require("express")().listen(3000)\n',
      Procfile: 'web: node server.js "x\u0085RUN touch /pwned"\n',
    });
    expect(() => planProjectFrom(tree, { name: 'demo' })).toThrow(ProjectValueRefused);
    expect(() => planProjectFrom(tree, { name: 'demo' })).toThrow(
      /Refused "x\\u0085RUN touch \/pwned" \(start\[2\], from Procfile web:\): it contains a next-line character \(U\+0085\)/,
    );
  });

  it('a package.json main (a file name) with a line break and RUN', () => {
    const tree = memoryTree({
      'package.json': JSON.stringify({ name: 'a', main: 's\nRUN touch pwned.js' }),
      's\nRUN touch pwned.js': 'require("http").createServer().listen(3000)\n',
    });
    expect(() => planProjectFrom(tree, { name: 'demo' })).toThrow(
      /Refused "s\\nRUN touch pwned\.js" \(start\[1\], from package\.json main\/module\): it contains a line feed \(U\+000A\)/,
    );
  });

  it('a Cargo.toml bin name with a line break', () => {
    const tree = memoryTree({
      'Cargo.toml':
        '[package]\nname = "a"\nversion = "0.1.0"\n[[bin]]\nname = "a\\nRUN touch /pwned"\npath = "src/bin/x.rs"\n',
      'src/bin/x.rs': 'fn main() {}\n',
    });
    expect(() => planProjectFrom(tree, { name: 'demo' })).toThrow(
      /Refused "cargo build --release --bin a\\nRUN touch \/pwned" \(build\[0\], from "a\\nRUN touch \/pwned of/,
    );
  });

  it('a folder name (the app in a monorepo) with a line break', () => {
    const tree = memoryTree({
      'svc\nRUN touch pwned/requirements.txt': 'flask\n',
      'svc\nRUN touch pwned/app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      'web/package.json': JSON.stringify({ name: 'w', scripts: { start: 'node s.js' } }),
      'web/s.js': 'require("http").createServer().listen(3000)\n',
    });
    expect(() => planProjectFrom(tree, { name: 'demo' })).toThrow(/Refused "svc\\nRUN touch pwned" \(dir/);
  });

  it('a workspace member folder with a space, at the COPY it was going to', () => {
    const tree = memoryTree({
      'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['apps/*'] }),
      'package-lock.json': '{}',
      'apps/my app/package.json': JSON.stringify({
        name: 'web',
        scripts: { start: 'node server.js' },
        dependencies: { express: '4' },
      }),
      'apps/my app/server.js': 'require("express")().listen(3000)\n',
    });
    expect(() => planProjectFrom(tree, { name: 'demo' })).toThrow(
      /Refused "apps\/my app" \(the workspace member folder, from package\.json workspaces .*\): only letters, digits and \. _ - @ \+ \/ are read the same by COPY/,
    );
  });
});
