// The generated Dockerfile's shape (LESSONS.md): pinned base images as build arguments, a build
// stage where there is a build step, dependency manifests installed before the sources, the app
// user, the CI's layer, labels, HEALTHCHECK, ENTRYPOINT and exec-form CMD.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendCiStage,
  CI_TARGET,
  DockerfileRefused,
  finalBaseImage,
  userCommand,
} from '../../../plugin/docker/dockerfile/append-ci-stage';
import { toClassicBuilder } from '../../../plugin/docker/dockerfile/classic-variant';
import { planProject } from '../../../plugin/docker/plan-project';

const env = { HOME: process.env.HOME, TEKTON_STATE_DIR: '/nonexistent-tekton-state' };
const plan = (name: string, split = false) =>
  planProject({ target: resolve(__dirname, '../../../examples', name), env, split });
const lineOf = (text: string, re: RegExp) => text.split('\n').findIndex((l) => re.test(l));

describe('generated Dockerfile', () => {
  const myapp = plan('myapp');
  const text = myapp.apps[0]!.buildDockerfile;

  it('names base images as build arguments with pinned tags', () => {
    expect(text).toMatch(/^ARG PYTHON_IMAGE=python:3\.12-slim$/m);
    expect(text).toMatch(/^FROM \$\{PYTHON_IMAGE\}$/m);
    expect(text).not.toMatch(/^# syntax=/m);
  });

  it('installs redis-server in one apt-get RUN and the requirements before the sources', () => {
    expect(text).toMatch(/apt-get install -y --no-install-recommends redis-server/);
    expect(text.match(/apt-get install/g)).toHaveLength(1);
    const req = lineOf(text, /^COPY requirements\.txt/);
    const install = lineOf(text, /pip install -r requirements\.txt/);
    const sources = lineOf(text, /^COPY \. \./);
    expect(req).toBeGreaterThan(0);
    expect(install).toBeGreaterThan(req);
    expect(sources).toBeGreaterThan(install);
    expect(text).toMatch(
      /RUN --mount=type=secret,id=tekton-ca,\S+ .*--mount=type=cache,target=\/root\/\.cache\/pip .*; \$\{TEKTON_REQUIREMENTS_GUARD:-:\} requirements\.txt && pip install/,
    );
  });

  it('has the app user 10001, the CI layer before the sources, labels, healthcheck and entrypoint', () => {
    expect(text).toMatch(/useradd --uid 10001 .* app$/m);
    expect(lineOf(text, /^COPY --from=tekton-ci-assets \/ \/opt\/tekton-ci\//)).toBeLessThan(
      lineOf(text, /^COPY \. \./),
    );
    expect(lineOf(text, /^COPY \.tekton\/manifest\.json \/opt\/tekton-ci\/manifest\.json/)).toBeGreaterThan(
      lineOf(text, /^COPY \. \./),
    );
    expect(text).toMatch(
      /LABEL tekton\.project="myapp" tekton\.container="myapp" tekton\.ci\.name="myapp-container-ci" tekton\.ci\.drop-privileges="10001"/,
    );
    expect(text).toMatch(
      /^HEALTHCHECK .*CMD \["\/opt\/tekton-ci\/clean-exec","\/opt\/tekton-ci\/node","\/opt\/tekton-ci\/ci-tool\.js","healthcheck"\]$/m,
    );
    expect(text).toMatch(
      /^ENTRYPOINT \["\/opt\/tekton-ci\/tini","--","\/opt\/tekton-ci\/clean-exec","--app-env","\/opt\/tekton-ci\/node","\/opt\/tekton-ci\/ci-runtime\.js"\]$/m,
    );
    expect(text).toMatch(/^CMD \["python3","-m","uvicorn","app\.main:app","--host","0\.0\.0\.0","--port","8000"\]$/m);
    expect(text).toMatch(/^EXPOSE 8000$/m);
  });

  it('uses a build stage where there is a build step (Go, Next, Vite)', () => {
    const go = plan('corpus/go-gin').apps[0]!.buildDockerfile;
    expect(go).toMatch(/^FROM \$\{GO_IMAGE\} AS build$/m);
    expect(go).toMatch(/^FROM \$\{RUNTIME_IMAGE\}$/m);
    expect(go).toMatch(/COPY go\.mod go\.sum \.\/\n.*go mod download/);
    expect(go).toMatch(/go build -trimpath -o \/out\/server \.\/cmd\/api/);
    const vite = plan('corpus/node-vite').apps[0]!.buildDockerfile;
    expect(vite).toMatch(/AS build/);
    expect(vite).toMatch(/COPY --from=build \/src\/dist \.\/dist/);
    // nginx from Debian serves the build with the index.html fallback; no Node in the final image.
    expect(vite).toMatch(/--no-install-recommends nginx/);
    expect(vite).toMatch(/try_files \$uri \$uri\/ \/index\.html/);
    expect(vite.split(/^FROM /m).pop()).toMatch(/^\$\{RUNTIME_IMAGE\}/);
    expect(vite).toMatch(/^ARG RUNTIME_IMAGE=debian:bookworm-slim$/m);
  });

  it('installs native-dependency packages (psycopg2 → libpq) and Postgres for a Postgres app', () => {
    const dj = plan('corpus/python-django').apps[0]!.buildDockerfile;
    expect(dj).toMatch(/--no-install-recommends .*libpq-dev.*libpq5.*postgresql/);
    expect(dj).toMatch(/initdb -D \/var\/lib\/tekton-pg\/data/);
  });

  it('the classic variant drops cache mounts and keeps pip cache out of the layer', () => {
    const classic = toClassicBuilder(text);
    expect(classic).not.toMatch(/--mount/);
    expect(classic).toMatch(/pip install --no-cache-dir -r requirements\.txt/);
  });
});

describe('the CI added to a user Dockerfile', () => {
  const manifest = plan('myapp').manifest;
  const user =
    'ARG BASE=python:3.12-slim\nFROM ${BASE} AS deps\nRUN true\nFROM deps\nCOPY . /app\nENTRYPOINT ["python3"]\nCMD ["app.py"]\n';

  it('names the last stage, appends ours FROM it, keeps the user command', () => {
    const out = appendCiStage(user, { manifest, container: 'myapp', stores: ['redis'], where: 'Dockerfile' });
    expect(out.startsWith('ARG BASE=python:3.12-slim\nARG TEKTON_CI_IMAGE=')).toBe(true);
    expect(out).toMatch(/^FROM deps AS tekton-app$/m);
    expect(out).toMatch(new RegExp(`^FROM tekton-app AS ${CI_TARGET}$`, 'm'));
    expect(out).toMatch(/^CMD \["python3","app\.py"\]$/m);
    expect(userCommand(user)).toEqual(['python3', 'app.py']);
    // Everything the user wrote is still there, in order.
    for (const line of user.trim().split('\n').slice(1))
      expect(out).toContain(line.replace(/^FROM deps$/, 'FROM deps AS tekton-app'));
  });

  it('refuses Alpine unless the CI assets carry their own libc', () => {
    const alpine = 'FROM node:20-alpine\nCMD ["node", "x.js"]\n';
    expect(finalBaseImage(alpine)).toBe('node:20-alpine');
    expect(() =>
      appendCiStage(alpine, { manifest, container: 'myapp', stores: [], where: 'Dockerfile', allowMusl: false }),
    ).toThrow(DockerfileRefused);
    expect(() =>
      appendCiStage(alpine, { manifest, container: 'myapp', stores: [], where: 'Dockerfile', allowMusl: false }),
    ).toThrow(/musl/);
    const ok = appendCiStage(alpine, {
      manifest,
      container: 'myapp',
      stores: ['redis'],
      where: 'Dockerfile',
      allowMusl: true,
    });
    expect(ok).toMatch(/apk add --no-cache redis/);
    expect(ok).toMatch(/adduser -D -u 10001 app/);
  });
});
