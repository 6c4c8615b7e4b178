// Boundary 4 (docs/security.md): index credentials are not visible to a dependency's install
// scripts. A registry of our own (on the Docker bridge's host address, reachable only from this
// machine's containers) serves one package, only to requests carrying the token; its postinstall
// script collects everything credential-like it can reach (its environment, /run/tekton, npm's
// config files) into a file of the image. The generated build fetches with the token and
// --ignore-scripts, then runs the scripts in a step without it: the script ran, and found nothing.
// Control: the one-step form (credentials and scripts in the same RUN, as before) hands it the token.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../plugin/docker/build-project';
import { packageEnvironment } from '../../../plugin/docker/build/package-environment';
import { runBuild } from '../../../plugin/docker/build/run-build';
import { writeTar } from '../../../plugin/docker/build/tar-writer';
import { dependencyRun } from '../../../plugin/docker/dockerfile/package-env';
import { buildCiAssets } from '../../../scripts/build-ci-assets';
import { makeTestStateDir, type TestStateDir } from '../../support/state-dir';
import { removeImages } from '../docker/support/run-built-image';
import { imageHolds } from './support/image-search';

const docker = new Docker();
const parent = mkdtempSync(join(tmpdir(), 'tekton-build-credentials-'));
const TOKEN = `npm-token-${process.pid}-9b3e71c2`;
const images: string[] = [];
let state: TestStateDir;
let registry: http.Server;
let registryUrl = '';
const authorized: string[] = [];

// What a malicious dependency does at install time: gather every credential-looking thing in reach.
const HARVEST = [
  "const fs = require('fs'), path = require('path'), os = require('os');",
  'const out = [JSON.stringify(process.env)];',
  "const read = (f) => { try { out.push(f + ': ' + fs.readFileSync(f, 'utf8')); } catch {} };",
  "try { for (const f of fs.readdirSync('/run/tekton')) read(path.join('/run/tekton', f)); } catch {}",
  "read(path.join(os.homedir(), '.npmrc'));",
  'if (process.env.NPM_CONFIG_USERCONFIG) read(process.env.NPM_CONFIG_USERCONFIG);',
  "fs.writeFileSync(path.join(__dirname, 'found.txt'), out.join('\\n'));",
].join('\n');

function packageTarball(): Buffer {
  const pkg = { name: 'leaky', version: '1.0.0', scripts: { postinstall: 'node harvest.js' } };
  return gzipSync(
    writeTar([
      { path: 'package/package.json', content: Buffer.from(JSON.stringify(pkg)) },
      { path: 'package/harvest.js', content: Buffer.from(HARVEST) },
    ]),
  );
}

function nodeProject(name: string): string {
  const dir = join(parent, `tekton-test-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    // This run's own package.json: no cached install step stands in for a fetch from the registry.
    JSON.stringify({
      name,
      version: '1.0.0',
      description: `run ${process.pid} ${Date.now()}`,
      engines: { node: '18' },
      dependencies: { leaky: '1.0.0' },
    }),
  );
  writeFileSync(join(dir, 'server.js'), 'require("http").createServer((q, s) => s.end("ok")).listen(3000);\n');
  return dir;
}

async function build(project: string) {
  const env = {
    ...state.env,
    TEKTON_OFFLINE: '0',
    NPM_CONFIG_REGISTRY: registryUrl,
    NPM_CONFIG__AUTHTOKEN: TOKEN,
  };
  const { images: built } = await buildProject({ target: project, env, docker, labels: { 'tekton.test': '1' } });
  images.push(...built[0]!.tags);
  return built[0]!.image;
}

// The build request with every secret of the package environment served, no planner in between.
async function rawBuild(project: string, dockerfile: string): Promise<string> {
  const env = { NPM_CONFIG_REGISTRY: registryUrl, NPM_CONFIG__AUTHTOKEN: TOKEN };
  const pkg = packageEnvironment({ env, engineIsLocal: true, readFile: () => null });
  const files = readdirSync(project).map((f) => ({ path: f, content: readFileSync(join(project, f)) }));
  const tag = `tekton-test-raw-${process.pid}-${images.length}:latest`;
  images.push(tag);
  await runBuild(
    docker,
    {
      context: writeTar([...files, { path: 'Dockerfile.raw', content: Buffer.from(dockerfile) }]),
      dockerfile: 'Dockerfile.raw',
      tag,
      buildargs: {},
      labels: { 'tekton.test': '1' },
      buildkit: true,
      // BuildKit leaves secrets out of its cache key: a layer the attack test made without them would be reused.
      noCache: true,
      secrets: pkg.secrets,
    },
    { step: () => {}, log: () => {} },
  );
  return tag;
}

function found(image: string): string {
  return execFileSync(
    'docker',
    [
      'run',
      '--rm',
      '--label',
      'tekton.test=1',
      '--entrypoint',
      'sh',
      image,
      '-c',
      'cat /app/node_modules/leaky/found.txt',
    ],
    { encoding: 'utf8' },
  );
}

beforeAll(async () => {
  state = makeTestStateDir();
  const bridge = await docker.getNetwork('bridge').inspect();
  const gateway: string = bridge.IPAM?.Config?.[0]?.Gateway ?? '172.17.0.1';
  const tarball = packageTarball();
  registry = http.createServer((req, res) => {
    // Only with the token: a build that gets the package had the credential in its fetch step.
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"token required"}');
      return;
    }
    authorized.push(req.url ?? '');
    if (req.url === '/leaky') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          name: 'leaky',
          'dist-tags': { latest: '1.0.0' },
          versions: {
            '1.0.0': {
              name: 'leaky',
              version: '1.0.0',
              scripts: { postinstall: 'node harvest.js' },
              dist: { tarball: `${registryUrl}leaky/-/leaky-1.0.0.tgz` },
            },
          },
        }),
      );
    } else if (req.url === '/leaky/-/leaky-1.0.0.tgz') res.writeHead(200).end(tarball);
    else res.writeHead(404).end('{}');
  });
  // The bridge's host address: containers reach it, nothing off this machine does.
  await new Promise<void>((ok) => registry.listen(0, gateway, ok));
  registryUrl = `http://${gateway}:${(registry.address() as AddressInfo).port}/`;
  await buildCiAssets();
});

afterAll(async () => {
  await new Promise((ok) => registry?.close(ok));
  await removeImages(docker, images);
  state?.cleanup();
  rmSync(parent, { recursive: true, force: true });
});

describe("an npm dependency's postinstall and the index token", () => {
  it('the generated build fetches with the token, runs the script without it: the image holds no token', async () => {
    authorized.length = 0;
    const image = await build(nodeProject('creds-split'));
    // The fetch step authenticated (the registry answers nobody else)...
    expect(authorized.length).toBeGreaterThan(0);
    // ...the postinstall script ran, in a step that had neither the token nor the file holding it.
    const harvest = found(image);
    expect(harvest).toContain('PATH');
    expect(harvest).not.toContain(TOKEN);
    expect(imageHolds(image, [TOKEN])).toEqual([]);
  });

  it('control: in the one-step form (token and scripts in one RUN), the script hands the token to the image', async () => {
    // The generator never writes this form; the request is built by hand with every secret served,
    // as the build did for any Dockerfile before the credentials became a secret of their own.
    const dockerfile = [
      'FROM tekton-local/node:18',
      'WORKDIR /app',
      'COPY package.json ./',
      dependencyRun('npm', 'npm install --no-audit --no-fund', { kind: 'fetch', cache: '/root/.npm' }),
      'COPY . .',
      'CMD ["node", "server.js"]',
      '',
    ].join('\n');
    const image = await rawBuild(nodeProject('creds-one-step'), dockerfile);
    expect(found(image)).toContain(TOKEN);
    expect(imageHolds(image, [TOKEN])).toEqual([TOKEN]);
  });
});

describe("a project's own Dockerfile and the index token", () => {
  // A cloned repository's Dockerfile is the project's code: it knows the secrets' public ids.
  const STEAL = [
    'FROM tekton-local/node:18',
    'RUN --mount=type=secret,id=tekton-package-credentials,required=false --mount=type=secret,id=tekton-npmrc,required=false' +
      ' cat /run/secrets/tekton-package-credentials /run/secrets/tekton-npmrc > /stolen 2>/dev/null; true',
    'WORKDIR /app',
    'COPY server.js ./',
    'CMD ["node", "server.js"]',
    '',
  ].join('\n');

  function ownDockerfileProject(name: string): string {
    const project = nodeProject(name);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', description: `${Date.now()}` }),
    );
    writeFileSync(join(project, 'Dockerfile'), STEAL);
    return project;
  }

  it('mounting the credentials by id gets nothing: the image holds no token (A14)', async () => {
    const image = await build(ownDockerfileProject('creds-own-dockerfile'));
    expect(imageHolds(image, [TOKEN])).toEqual([]);
  });

  it('control: the same Dockerfile served every secret (as before) keeps the token in a layer', async () => {
    const image = await rawBuild(ownDockerfileProject('creds-own-dockerfile-control'), STEAL);
    expect(imageHolds(image, [TOKEN])).toEqual([TOKEN]);
  });
});
