// The cases the old regex readers got wrong, each read now with a real parser: TOML (smol-toml),
// YAML and Java properties (Spring), Dockerfiles (dockerfile-ast), .dockerignore (@balena/dockerignore).
import { describe, expect, it } from 'vitest';
import { exposedPorts } from '../../../plugin/docker/analysis/dockerfile-hints';
import { isIgnored, parseIgnoreFile } from '../../../plugin/docker/analysis/ignore-rules';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { readPythonDeps } from '../../../plugin/docker/analysis/python-deps';
import { springServerPort } from '../../../plugin/docker/analysis/spring-config';
import { finalBaseImage, userCommand } from '../../../plugin/docker/dockerfile/append-ci-stage';
import { lintDockerfile } from '../../../plugin/docker/dockerfile/lint-dockerfile';
import { parseDockerfile } from '../../../plugin/docker/dockerfile/parse-dockerfile';

describe('pyproject.toml read as TOML', () => {
  it('keeps the dependencies listed after "uvicorn[standard]"', () => {
    const tree = memoryTree({
      'pyproject.toml':
        '[project]\nname = "api"\ndependencies = [\n  "uvicorn[standard]>=0.30",\n  "redis>=5",\n  ' +
        '"psycopg2-binary",\n]\n',
    });
    expect(readPythonDeps(tree).names).toEqual(['uvicorn', 'redis', 'psycopg2-binary']);
  });

  it("does not take [tool.hatch.envs.*] dependencies as the project's", () => {
    const text =
      '[tool.hatch.envs.default]\ndependencies = ["pytest", "coverage"]\n\n[project]\nname = "svc"\ndependencies = ' +
      '["flask"]\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
    const deps = readPythonDeps(memoryTree({ 'pyproject.toml': text }));
    expect(deps.names).toEqual(['flask']);
    expect(deps.manager).toBe('hatch');
  });

  it('reads [project.scripts] and Poetry tables; an invalid file is said so, not guessed', () => {
    const deps = readPythonDeps(
      memoryTree({
        'pyproject.toml': '[project]\nname = "tool"\ndependencies = []\n[project.scripts]\ntool = "tool.cli:main"\n',
        'uv.lock': '',
      }),
    );
    expect(deps).toMatchObject({ manager: 'uv', scripts: { tool: 'tool.cli:main' }, project: 'tool' });
    const poetry = readPythonDeps(
      memoryTree({
        'pyproject.toml': '[tool.poetry]\nname = "p"\n[tool.poetry.dependencies]\npython = "^3.11"\nFastAPI = "*"\n',
      }),
    );
    expect(poetry).toMatchObject({ manager: 'poetry', names: ['fastapi'] });
    expect(readPythonDeps(memoryTree({ 'pyproject.toml': '[project\nname = ' })).invalid).toBe(true);
  });
});

describe('Spring server.port', () => {
  it('is found in application.properties whatever the key order and separator', () => {
    const tree = memoryTree({
      'src/main/resources/application.properties':
        '# app\nspring.application.name=demo\nmanagement.port=9001\nserver.port : 8181\n',
    });
    expect(springServerPort(tree)?.port).toBe(8181);
  });

  it('is found in application.yml when port is not the first key under server', () => {
    const tree = memoryTree({
      'src/main/resources/application.yml':
        'spring:\n  application:\n    name: demo\nserver:\n  address: 0.0.0.0\n  servlet:\n    context-path: ' +
        '/api\n  port: 9090\n',
    });
    expect(springServerPort(tree)).toEqual({
      port: 9090,
      source: 'src/main/resources/application.yml server.port: 9090',
    });
  });

  it("takes a placeholder's default and skips profile documents", () => {
    const yml =
      'server:\n  port: ${PORT:7070}\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nserver:\n  ' +
      'port: 80\n';
    expect(springServerPort(memoryTree({ 'src/main/resources/application.yaml': yml }))?.port).toBe(7070);
  });
});

describe('Dockerfiles read with dockerfile-ast', () => {
  const text = [
    'FROM python:3.12-slim AS base',
    'RUN <<EOF',
    'FROM scratch',
    'EXPOSE 9999',
    'echo not an instruction',
    'EOF',
    '# hadolint ignore=DL3008',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl \\',
    '  # a comment inside a continuation',
    '  && rm -rf /var/lib/apt/lists/*',
    'EXPOSE 8000',
    'CMD ["python3", "app.py"]',
    '',
  ].join('\n');

  it('a FROM inside a heredoc is part of its RUN, not a new stage', () => {
    const ins = parseDockerfile(text);
    expect(ins.filter((i) => i.keyword === 'FROM')).toHaveLength(1);
    expect(Math.max(...ins.map((i) => i.stage))).toBe(0);
    expect(finalBaseImage(text)).toBe('python:3.12-slim');
    expect(userCommand(text)).toEqual(['python3', 'app.py']);
    expect(exposedPorts(text)).toEqual([8000]);
  });

  it('keeps line numbers, ignore comments and flags; comments inside continuations are dropped', () => {
    const run = parseDockerfile(text).filter((i) => i.keyword === 'RUN')[1]!;
    expect(run).toMatchObject({ line: 8, ignored: ['DL3008'] });
    expect(run.args).not.toMatch(/comment/);
    expect(lintDockerfile(text).map((f) => f.rule)).toEqual(['DL3057']);
    const cached = parseDockerfile(
      'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install x\n',
    )[1]!;
    expect(cached.args).toBe('--mount=type=cache,target=/root/.cache/pip pip install x');
  });
});

describe('.dockerignore matched as Docker does', () => {
  const rules = parseIgnoreFile('*.pyc\n**/*.log\n/build\ndocs/*.md\n!docs/README.md\nnode_modules\n', 'dockerignore');
  const cases: Array<[string, boolean]> = [
    ['a.pyc', true],
    ['pkg/a.pyc', false],
    ['x/y/z.log', true],
    ['build', true],
    ['src/build', false],
    ['docs/guide.md', true],
    ['docs/README.md', false],
    ['node_modules/left-pad/index.js', true],
    ['src/main.py', false],
  ];
  for (const [path, ignored] of cases)
    it(`${path} → ${ignored ? 'left out' : 'sent'}`, () => expect(isIgnored(rules, path, false)).toBe(ignored));
});
