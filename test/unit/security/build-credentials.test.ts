// Boundary 4 (docs/security.md): index credentials are a secret of their own, mounted only in steps
// that run no code of the project or its dependencies. Without an engine: which settings are
// credentials, what each secret file holds, which generated RUN steps mount them. The real-engine
// attack (an npm postinstall reading the token, with its control) is test/docker/security/build-credentials.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeProject } from '../../../plugin/docker/analysis/analyze-project';
import { buildManifest, containerNameFor } from '../../../plugin/docker/analysis/build-manifest';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { diagnoseBuildFailure } from '../../../plugin/docker/build/build-failure';
import {
  isCredential,
  npmrcFor,
  packageEnvironment,
  WHEELS_ONLY_NOTE,
} from '../../../plugin/docker/build/package-environment';
import { generateDockerfile } from '../../../plugin/docker/dockerfile/generate-dockerfile';
import { dependencyRun, EXPOSED_TOOLS } from '../../../plugin/docker/dockerfile/package-env';

const tmp = mkdtempSync(join(tmpdir(), 'tekton-credentials-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const readFile = () => null;
const CREDENTIALS_MOUNT = /id=tekton-package-credentials,/;

describe('which settings are credentials', () => {
  it('by name (tokens, passwords, basic auth) or by a URL carrying user:password@', () => {
    expect(isCredential('NPM_CONFIG__AUTHTOKEN', 'x')).toBe(true);
    expect(isCredential('POETRY_HTTP_BASIC_CORP_PASSWORD', 'x')).toBe(true);
    expect(isCredential('CARGO_REGISTRIES_CORP_TOKEN', 'x')).toBe(true);
    expect(isCredential('COMPOSER_AUTH', '{}')).toBe(true);
    expect(isCredential('PIP_INDEX_URL', 'https://__token__:t@pypi.example/simple')).toBe(true);
    expect(isCredential('GOPROXY', 'https://proxy.example,https://u:p@corp.example|direct')).toBe(true);
    expect(isCredential('PIP_INDEX_URL', 'https://pypi.example/simple')).toBe(false);
    expect(isCredential('NPM_CONFIG_REGISTRY', 'https://npm.example/')).toBe(false);
  });
});

describe('the two secret files', () => {
  const env = {
    PIP_INDEX_URL: 'https://__token__:pip-SECRET@pypi.example/simple',
    NPM_CONFIG_REGISTRY: 'https://npm.example/corp/',
    NPM_CONFIG__AUTHTOKEN: 'npm-SECRET',
    GOPROXY: 'https://goproxy.example',
  };
  const p = packageEnvironment({ env, engineIsLocal: false, readFile });
  const settings = p.secrets['tekton-package-env']!.toString();
  const credentials = p.secrets['tekton-package-credentials']!.toString();

  it('the settings file holds no credential, and keeps each index URL without its user:password', () => {
    expect(settings).not.toMatch(/SECRET/);
    expect(settings).toContain("export PIP_INDEX_URL='https://pypi.example/simple'");
    expect(settings).toContain("export NPM_CONFIG_REGISTRY='https://npm.example/corp/'");
    expect(settings).toContain("export GOPROXY='https://goproxy.example'");
  });

  it('the credentials file holds them, and makes pip and uv install wheels only beside them', () => {
    expect(credentials).toContain("export PIP_INDEX_URL='https://__token__:pip-SECRET@pypi.example/simple'");
    expect(credentials).toContain("export NPM_CONFIG__AUTHTOKEN='npm-SECRET'");
    const out = execFileSync('sh', ['-c', `${credentials}\necho "$PIP_ONLY_BINARY|$UV_NO_BUILD|$PIP_INDEX_URL"`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out.trim()).toBe(':all:|1|https://__token__:pip-SECRET@pypi.example/simple');
  });

  it('npm 9+ gets its token from an npmrc scoped to the registry, pointed at only where it is mounted', () => {
    expect(p.secrets['tekton-npmrc']!.toString()).toBe('//npm.example/corp/:_authToken=npm-SECRET\n');
    expect(npmrcFor({ NPM_CONFIG__AUTHTOKEN: 't' })).toBe('//registry.npmjs.org/:_authToken=t\n');
    expect(npmrcFor({ NPM_CONFIG_REGISTRY: 'https://r.example', NPM_CONFIG__AUTH: 'dTpw' })).toBe(
      '//r.example/:_auth=dTpw\n',
    );
    expect(npmrcFor({})).toBeNull();
    writeFileSync(join(tmp, 'creds.sh'), credentials);
    const unset = execFileSync('sh', ['-c', `. ${join(tmp, 'creds.sh')}; echo "\${NPM_CONFIG_USERCONFIG:-unset}"`], {
      encoding: 'utf8',
    });
    expect(unset.trim()).toBe('unset');
  });

  it('without credentials there is no credentials secret, and pip is not held to wheels', () => {
    const plain = packageEnvironment({
      env: { PIP_INDEX_URL: 'https://pypi.example/simple' },
      engineIsLocal: false,
      readFile,
    });
    expect(Object.keys(plain.secrets)).toEqual(['tekton-package-env']);
    const npmOnly = packageEnvironment({ env: { NPM_CONFIG__AUTHTOKEN: 't' }, engineIsLocal: false, readFile });
    expect(npmOnly.secrets['tekton-package-credentials']!.toString()).not.toContain('PIP_ONLY_BINARY');
  });
});

describe('which steps mount the credentials', () => {
  it('a fetch step does (and sources them after the settings); a scripts step does not', () => {
    const fetch = dependencyRun('npm', 'npm ci --ignore-scripts', { kind: 'fetch' });
    expect(fetch).toMatch(CREDENTIALS_MOUNT);
    expect(fetch).toMatch(/id=tekton-npmrc,target=\/run\/tekton\/npmrc/);
    expect(fetch).toMatch(/package-env\.sh; fi; if \[ -f \/run\/tekton\/package-credentials\.sh \]/);
    const scripts = dependencyRun('npm', 'npm rebuild', { kind: 'scripts' });
    expect(scripts).not.toMatch(CREDENTIALS_MOUNT);
    expect(scripts).not.toMatch(/npmrc|package-credentials/);
    // apt installs Debian's packages: no index credentials.
    expect(dependencyRun('apt', 'apt-get install -y x')).not.toMatch(CREDENTIALS_MOUNT);
  });

  it('the tools with no sound split yet are named, and still get them (docs/security.md lists what remains)', () => {
    expect([...EXPOSED_TOOLS].sort()).toEqual([
      'bun',
      'bundler',
      'cargo',
      'composer',
      'gradle',
      'maven',
      'pnpm',
      'yarn',
    ]);
    for (const tool of EXPOSED_TOOLS) expect(dependencyRun(tool, 'x')).toMatch(CREDENTIALS_MOUNT);
  });

  const dockerfileOf = (files: Record<string, string>) => {
    const analysis = analyzeProject(memoryTree(files), 'demo');
    const app = analysis.apps[0]!;
    return generateDockerfile({ app, manifest: buildManifest(analysis), container: containerNameFor(analysis, app) });
  };
  const runs = (text: string) => text.split('\n').filter((l) => l.startsWith('RUN '));

  it.each([
    [
      'npm ci',
      {
        'package.json': '{"name":"a","scripts":{"start":"node s.js"},"dependencies":{"x":"1"}}',
        'package-lock.json': '{}',
        's.js': '',
      },
    ],
    [
      'npm install',
      { 'package.json': '{"name":"a","scripts":{"start":"node s.js"},"dependencies":{"x":"1"}}', 's.js': '' },
    ],
    [
      'npm with a build',
      {
        'package.json':
          '{"name":"a","scripts":{"build":"tsc","start":"node dist/s.js"},"dependencies":{"express":"4"},"devDependencies":{"typescript":"5"}}',
        'package-lock.json': '{}',
        'tsconfig.json': '{}',
        's.ts': '',
      },
    ],
  ])('%s: installs beside the credentials with --ignore-scripts, runs the scripts without them', (_, files) => {
    const lines = runs(dockerfileOf(files));
    const installs = lines.filter((l) => / npm (ci|install)\b/.test(l));
    expect(installs.length).toBeGreaterThan(0);
    for (const l of installs) {
      expect(l).toMatch(CREDENTIALS_MOUNT);
      expect(l).toMatch(/--ignore-scripts/);
    }
    const scripts = lines.filter((l) => /npm rebuild/.test(l));
    expect(scripts).toHaveLength(installs.length);
    for (const l of scripts) expect(l).not.toMatch(CREDENTIALS_MOUNT);
    // Every other npm step that runs code (the build, prune) has no credentials either.
    for (const l of lines.filter((x) => /npm run|npm prune|tsc/.test(x))) expect(l).not.toMatch(CREDENTIALS_MOUNT);
  });

  it("the project's own Python build (pip install .) runs without the credentials; its dependencies' wheels with them", () => {
    const lines = runs(
      dockerfileOf({
        'pyproject.toml':
          '[project]\nname = "tool"\ndependencies = ["flask"]\n[project.scripts]\ntool = "tool.cli:main"\n',
        'tool/cli.py': 'from flask import Flask\napp = Flask(__name__)\ndef main(): app.run(port=8000)\n',
      }),
    );
    const self = lines.find((l) => /pip install --no-deps \./.test(l))!;
    expect(self).not.toMatch(CREDENTIALS_MOUNT);
    expect(lines.find((l) => /pip install -r/.test(l))).toMatch(CREDENTIALS_MOUNT);
  });
});

describe('a pip step that needed an sdist beside the credentials', () => {
  it('fails with a hint saying why (wheels only) and what to do', () => {
    const tail = [
      WHEELS_ONLY_NOTE,
      'ERROR: Could not find a version that satisfies the requirement psycopg2==2.9.9 (from versions: none)',
    ];
    expect(diagnoseBuildFailure(tail)).toMatch(/with index credentials set, pip and uv install wheels only/);
    // Without the note (no credentials), the same error is an index problem.
    expect(diagnoseBuildFailure(tail.slice(1))).toMatch(/a package index could not be reached/);
  });
});
