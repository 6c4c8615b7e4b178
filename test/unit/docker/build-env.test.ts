// The package environment and the build plan without an engine: which secrets and arguments a build
// passes (names in the plan, values only in the request), the Dockerfile lines that mount them, the
// Java truststore, the BuildKit session's messages, and the hints of known build failures.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planBuilds } from '../../../plugin/docker/build-project';
import { diagnoseBuildFailure } from '../../../plugin/docker/build/build-failure';
import { decodeSecretRequest, encodeBytesField } from '../../../plugin/docker/build/buildkit-session';
import { javaTruststore, pemCertificates } from '../../../plugin/docker/build/java-truststore';
import { engineIsLocal, packageEnvironment } from '../../../plugin/docker/build/package-environment';
import { buildFailure } from '../../../plugin/docker/build/run-build';
import { toClassicBuilder } from '../../../plugin/docker/dockerfile/classic-variant';
import { dependencyRun } from '../../../plugin/docker/dockerfile/package-env';

const tmp = mkdtempSync(join(tmpdir(), 'tekton-build-env-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';

describe('dependencyRun', () => {
  it('mounts the CA and the settings file as secrets, sources the file when present, then runs the tool', () => {
    const line = dependencyRun('npm', 'npm ci', { cache: '/root/.npm' });
    expect(line).toBe(
      'RUN --mount=type=secret,id=tekton-ca,target=/run/tekton/ca.crt' +
        ' --mount=type=secret,id=tekton-package-env,target=/run/tekton/package-env.sh --mount=type=cache,target=/root/.npm' +
        ' if [ -f /run/tekton/package-env.sh ]; then . /run/tekton/package-env.sh; fi; npm ci',
    );
    expect(dependencyRun('maven', 'mvn -B package')).toMatch(/id=tekton-java-truststore,.*id=tekton-maven-settings,/);
    expect(dependencyRun('go', 'go build', { cache: '/a /b' })).toMatch(
      /--mount=type=cache,target=\/a --mount=type=cache,target=\/b /,
    );
  });

  it('runs as a plain shell line without the secrets (docker build by hand)', () => {
    const cmd = dependencyRun('pip', 'echo ran').replace(/^RUN (--mount=\S+ )+/, '');
    expect(execFileSync('sh', ['-c', cmd], { encoding: 'utf8' }).trim()).toBe('ran');
  });

  it('the classic builder variant drops the secret mounts too', () => {
    expect(toClassicBuilder(dependencyRun('pip', 'pip install -r r.txt', { cache: '/root/.cache/pip' }))).toBe(
      'RUN if [ -f /run/tekton/package-env.sh ]; then . /run/tekton/package-env.sh; fi;' +
        ' if [ -f /run/tekton/package-credentials.sh ]; then . /run/tekton/package-credentials.sh; fi;' +
        ' pip install --no-cache-dir -r r.txt',
    );
  });
});

describe('packageEnvironment', () => {
  const files: Record<string, string> = { '/etc/ssl/certs/ca-certificates.crt': CA, '/my/ca.pem': CA + CA };
  const readFile = (p: string) => (files[p] === undefined ? null : Buffer.from(files[p]!));

  it('takes the host CA when the engine is local, index settings by exact name, proxies as build arguments', () => {
    const env = {
      PIP_INDEX_URL: 'https://u:tok@pypi.example/simple',
      NPM_CONFIG_REGISTRY: 'https://npm.example/',
      GOPROXY: 'https://goproxy.example',
      HTTPS_PROXY: 'http://proxy:3128',
      no_proxy: 'localhost',
      npm_config_cache: '/root/.npm',
      PIP_FIND_LINKS: '/opt/wheels',
      POETRY_HTTP_BASIC_CORP_PASSWORD: 'p',
    };
    const p = packageEnvironment({ env, engineIsLocal: true, readFile });
    expect(p.caSource).toBe('/etc/ssl/certs/ca-certificates.crt');
    expect(p.buildargs).toEqual({
      HTTPS_PROXY: 'http://proxy:3128',
      https_proxy: 'http://proxy:3128',
      NO_PROXY: 'localhost',
      no_proxy: 'localhost',
    });
    expect(Object.keys(p.secrets).sort()).toEqual([
      'tekton-ca',
      'tekton-java-truststore',
      'tekton-package-credentials',
      'tekton-package-env',
    ]);
    const file = p.secrets['tekton-package-env']!.toString();
    // The credentials are in a secret of their own; the settings file keeps the index without them.
    expect(file).toContain("export PIP_INDEX_URL='https://pypi.example/simple'");
    expect(file).not.toContain('tok');
    expect(file).toContain("export GOPROXY='https://goproxy.example'");
    expect(file).not.toContain('POETRY_HTTP_BASIC_CORP_PASSWORD');
    expect(file).not.toMatch(/npm_config_cache|PIP_FIND_LINKS/);
    const credentials = p.secrets['tekton-package-credentials']!.toString();
    expect(credentials).toContain("export PIP_INDEX_URL='https://u:tok@pypi.example/simple'");
    expect(credentials).toContain("export POETRY_HTTP_BASIC_CORP_PASSWORD='p'");
    expect(credentials).toContain('export PIP_ONLY_BINARY=:all: UV_NO_BUILD=1');
    expect(credentials).not.toContain('GOPROXY');
    expect(file).toMatch(/SSL_CERT_FILE=\/run\/tekton\/ca\.crt NODE_EXTRA_CA_CERTS=/);
    expect(p.settings).toEqual([
      'GOPROXY',
      'NPM_CONFIG_REGISTRY',
      'PIP_INDEX_URL',
      'POETRY_HTTP_BASIC_CORP_PASSWORD',
      'HTTPS_PROXY',
      'NO_PROXY',
    ]);
  });

  it('the sourced file sets what the tools read, and quotes values safely', () => {
    const p = packageEnvironment({ env: { PIP_INDEX_URL: "https://x/it's $(id)" }, engineIsLocal: true, readFile });
    writeFileSync(join(tmp, 'env.sh'), p.secrets['tekton-package-env']!);
    const out = execFileSync(
      'sh',
      ['-c', `. ${join(tmp, 'env.sh')}; echo "$PIP_INDEX_URL|$PIP_CERT|$GIT_SSL_CAINFO|\${JAVA_TOOL_OPTIONS:-none}"`],
      { encoding: 'utf8', env: { PATH: process.env.PATH } },
    );
    expect(out.trim()).toBe("https://x/it's $(id)|/run/tekton/ca.crt|/run/tekton/ca.crt|none");
  });

  it('TEKTON_BUILD_CA wins; a remote engine gets no host CA; an unreadable TEKTON_BUILD_CA is an error', () => {
    expect(
      packageEnvironment({ env: { TEKTON_BUILD_CA: '/my/ca.pem' }, engineIsLocal: false, readFile }).caSource,
    ).toBe('/my/ca.pem');
    const remote = packageEnvironment({ env: {}, engineIsLocal: false, readFile });
    expect(remote.caSource).toBeNull();
    expect(Object.keys(remote.secrets)).toEqual(['tekton-package-env']);
    expect(() => packageEnvironment({ env: { TEKTON_BUILD_CA: '/nope.pem' }, engineIsLocal: true, readFile })).toThrow(
      /TEKTON_BUILD_CA names \/nope\.pem/,
    );
    expect(engineIsLocal({})).toBe(true);
    expect(engineIsLocal({ DOCKER_HOST: 'unix:///var/run/docker.sock' })).toBe(true);
    expect(engineIsLocal({ DOCKER_HOST: 'tcp://10.0.0.2:2376' })).toBe(false);
  });

  it('a Maven mirror becomes settings.xml and MAVEN_ARGS', () => {
    const p = packageEnvironment({
      env: { TEKTON_MAVEN_MIRROR: 'https://m.example/maven2?a=1&b=2' },
      engineIsLocal: true,
      readFile,
    });
    expect(p.secrets['tekton-maven-settings']!.toString()).toContain('<url>https://m.example/maven2?a=1&amp;b=2</url>');
    expect(p.secrets['tekton-package-env']!.toString()).toContain('MAVEN_ARGS="-s /run/tekton/maven-settings.xml');
  });
});

describe('javaTruststore', () => {
  it('is a JKS keytool reads, with every certificate of the bundle', () => {
    const host = readFileSync('/etc/ssl/certs/ca-certificates.crt', 'utf8');
    const jks = javaTruststore(host);
    expect(jks.readUInt32BE(0)).toBe(0xfeedfeed);
    expect(jks.readUInt32BE(8)).toBe(pemCertificates(host).length);
    writeFileSync(join(tmp, 'ts.jks'), jks);
    let keytool: string | null = null;
    try {
      keytool = execFileSync('sh', ['-c', 'command -v keytool'], { encoding: 'utf8' }).trim();
    } catch {
      /* no JDK on this host */
    }
    if (keytool) {
      const list = execFileSync(keytool, ['-list', '-keystore', join(tmp, 'ts.jks'), '-storepass', 'changeit'], {
        encoding: 'utf8',
      });
      expect(list).toMatch(new RegExp(`contains ${pemCertificates(host).length} entr`));
    }
  });
});

describe('BuildKit session messages', () => {
  it('reads the secret id of a GetSecretRequest and writes the bytes of a GetSecretResponse', () => {
    const id = Buffer.from('tekton-ca');
    const req = Buffer.concat([Buffer.from([0x0a, id.length]), id, Buffer.from([0x12, 0x04, 0x0a, 0x00, 0x12, 0x00])]);
    expect(decodeSecretRequest(req)).toEqual({ id: 'tekton-ca' });
    const big = Buffer.alloc(300, 1);
    const res = encodeBytesField(big);
    expect([...res.subarray(0, 3)]).toEqual([0x0a, 0xac, 0x02]);
    expect(res.length).toBe(303);
  });
});

describe('build failures', () => {
  it('name the setting for an unreachable index, the CA for an untrusted one, the fix for a stale lockfile or an old toolchain', () => {
    expect(diagnoseBuildFailure(['ERROR: No matching distribution found for blinker==1.9.0'])).toMatch(
      /PIP_INDEX_URL.*NPM_CONFIG_REGISTRY.*GOPROXY/,
    );
    expect(diagnoseBuildFailure(['npm ERR! code SELF_SIGNED_CERT_IN_CHAIN'])).toMatch(/TEKTON_BUILD_CA/);
    expect(
      diagnoseBuildFailure(['go: github.com/x/y@v1: module lookup disabled by GOPROXY=off'], { offline: true }),
    ).toMatch(/TEKTON_OFFLINE=0/);
    expect(diagnoseBuildFailure(['go: go.mod requires go >= 1.22.1 (running go 1.19.8; GOTOOLCHAIN=local)'])).toMatch(
      /older than go\.mod asks \(go 1\.22\.1\)/,
    );
    expect(
      diagnoseBuildFailure([
        'npm ERR! `npm ci` can only install packages when your package.json and package-lock.json are in sync',
      ]),
    ).toMatch(/lockfile is out of sync/);
    expect(diagnoseBuildFailure(['ERR_PNPM_OUTDATED_LOCKFILE Cannot install with "frozen-lockfile"'])).toMatch(
      /lockfile is out of sync/,
    );
    expect(diagnoseBuildFailure(['SyntaxError: unexpected token'])).toBeNull();
  });

  it('a BuildError carries the step, its last lines and the hint', () => {
    const e = buildFailure(
      'app:123',
      '[3/7] RUN pip install -r requirements.txt: exit code: 1',
      ['Collecting x==1', 'ERROR: No matching distribution found for x==1'],
      { step: '[3/7] RUN pip install -r requirements.txt' },
    );
    expect(e.step).toBe('[3/7] RUN pip install -r requirements.txt');
    expect(e.message).toMatch(/^Building app:123 failed: \[3\/7\] RUN pip install/);
    expect(e.message).toMatch(/last lines:\n {2}\| Collecting x==1\n {2}\| ERROR: No matching/);
    expect(e.message).toMatch(/what to do: .*PIP_INDEX_URL/);
  });
});

describe('the build plan', () => {
  it('is computed without an engine: tags from the context digest, arguments and secrets by name only', () => {
    const dir = join(tmp, 'proj');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.0\n');
    writeFileSync(join(dir, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    const env = {
      TEKTON_STATE_DIR: join(tmp, 'state'),
      HOME: tmp,
      PIP_INDEX_URL: 'https://u:SECRET@idx.example/simple',
      HTTPS_PROXY: 'http://u:PW@proxy:1',
    };
    const assets = { tag: 'tekton-ci-assets:0123456789ab', digest: '0123456789ab'.padEnd(64, '0') };
    const { builds } = planBuilds({ target: dir, env }, { builder: 'buildkit', assets });
    expect(builds).toHaveLength(1);
    const { plan, buildargs, secrets } = builds[0]!;
    expect(plan.tags).toEqual([`proj:${plan.hash.slice(0, 12)}`, 'proj:latest']);
    expect(plan.contextDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.buildArgs).toEqual(['HTTPS_PROXY', 'PYTHON_IMAGE', 'TEKTON_CI_IMAGE', 'https_proxy']);
    expect(plan.baseImages).toEqual({ 'python:3.12-slim': 'tekton-local/python:3.11' });
    expect(plan.secrets).toEqual([
      'tekton-ca',
      'tekton-java-truststore',
      'tekton-package-credentials',
      'tekton-package-env',
    ]);
    expect(plan.packageSettings).toEqual(['PIP_INDEX_URL', 'HTTPS_PROXY']);
    expect(plan.dockerfile).toMatch(/--mount=type=secret,id=tekton-package-env,.* pip install -r requirements\.txt/);
    expect(JSON.stringify(plan)).not.toMatch(/SECRET|PW@/);
    expect(buildargs.HTTPS_PROXY).toBe('http://u:PW@proxy:1');
    expect(secrets['tekton-package-credentials']!.toString()).toContain('SECRET');
    expect(secrets['tekton-package-env']!.toString()).not.toContain('SECRET');
    // Same inputs, same plan; a source change, a new digest and tag.
    expect(planBuilds({ target: dir, env }, { builder: 'buildkit', assets }).builds[0]!.plan).toEqual(plan);
    writeFileSync(join(dir, 'app.py'), 'from flask import Flask\napp = Flask("x")\n');
    expect(planBuilds({ target: dir, env }, { builder: 'buildkit', assets }).builds[0]!.plan.contextDigest).not.toBe(
      plan.contextDigest,
    );
  });

  it("a project's own Dockerfile gets the CA and mirror settings, never the index credentials", () => {
    const dir = join(tmp, 'own-dockerfile');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.0\n');
    writeFileSync(join(dir, 'app.py'), 'from flask import Flask\napp = Flask(__name__)\n');
    // The attack: a RUN that mounts the credentials by their public id and keeps them in a layer.
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM python:3.12-slim\nRUN --mount=type=secret,id=tekton-package-credentials cp /run/secrets/tekton-package-credentials /leak\nCOPY . /app\nCMD ["python", "/app/app.py"]\n',
    );
    const env = {
      TEKTON_STATE_DIR: join(tmp, 'state'),
      HOME: tmp,
      PIP_INDEX_URL: 'https://u:SECRET@idx.example/simple',
      NPM_CONFIG__AUTHTOKEN: 'SECRET-NPM',
    };
    const assets = { tag: 'tekton-ci-assets:0123456789ab', digest: '0123456789ab'.padEnd(64, '0') };
    const { builds } = planBuilds({ target: dir, env }, { builder: 'buildkit', assets });
    const { plan, secrets } = builds[0]!;
    expect(plan.secrets).toContain('tekton-package-env');
    expect(plan.secrets).not.toContain('tekton-package-credentials');
    expect(plan.secrets).not.toContain('tekton-npmrc');
    expect(Object.values(secrets).map(String).join('\n')).not.toMatch(/SECRET/);
    // Control: the same environment for a generated Dockerfile does carry them (for its fetch steps).
    rmSync(join(dir, 'Dockerfile'));
    const generated = planBuilds({ target: dir, env }, { builder: 'buildkit', assets }).builds[0]!;
    expect(generated.plan.secrets).toContain('tekton-package-credentials');
    expect(String(generated.secrets['tekton-package-credentials'])).toMatch(/SECRET/);
  });

  it('offline: no secrets, the offline arguments instead', () => {
    const dir = join(tmp, 'proj');
    const env = { TEKTON_STATE_DIR: join(tmp, 'state'), HOME: tmp, TEKTON_OFFLINE: '1' };
    const { plan } = planBuilds(
      { target: dir, env },
      { builder: 'buildkit', assets: { tag: 't:1', digest: 'f'.repeat(64) } },
    ).builds[0]!;
    expect(plan.offline).toBe(true);
    expect(plan.secrets).toEqual([]);
    expect(plan.buildArgs).toEqual(['PIP_NO_DEPS', 'PIP_NO_INDEX', 'TEKTON_CI_IMAGE']);
  });
});
