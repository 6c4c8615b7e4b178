// The built-in lint: each rule of the checklist fires on a bad Dockerfile, honours
// `# hadolint ignore=`, and generated Dockerfiles (both builder variants) pass.
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from '../../../plugin/docker/dockerfile/lint-dockerfile';
import { toClassicBuilder } from '../../../plugin/docker/dockerfile/classic-variant';
import { appendCiStage } from '../../../plugin/docker/dockerfile/append-ci-stage';
import { planProject } from '../../../plugin/docker/plan-project';
import { resolve } from 'node:path';

const rules = (text: string) => lintDockerfile(text).map((f) => f.rule);

describe('lint rules', () => {
  it('DL3006 untagged image, DL3007 latest', () => {
    expect(rules('FROM ubuntu\nHEALTHCHECK CMD ["true"]\n')).toEqual(['DL3006']);
    expect(rules('FROM node:latest\nHEALTHCHECK CMD ["true"]\n')).toEqual(['DL3007']);
    expect(rules('ARG BASE=python:3.12-slim\nFROM ${BASE}\nHEALTHCHECK CMD ["true"]\n')).toEqual([]);
    expect(rules('ARG BASE\nFROM ${BASE}\nHEALTHCHECK CMD ["true"]\n')).toEqual(['DL3006']);
    expect(rules('FROM golang:1.22 AS build\nFROM build\nHEALTHCHECK CMD ["true"]\n')).toEqual([]);
    expect(rules('FROM scratch\nHEALTHCHECK CMD ["true"]\n')).toEqual([]);
  });

  it('DL3008, DL3009, DL3015 on apt-get', () => {
    const found = rules('FROM debian:12\nRUN apt-get update && apt-get install -y curl\nHEALTHCHECK CMD ["true"]\n');
    expect(found.sort()).toEqual(['DL3008', 'DL3009', 'DL3015']);
    expect(
      rules(
        'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl=7.88.1-10 \\\n && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD ["true"]\n',
      ),
    ).toEqual([]);
    expect(
      rules(
        'FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD ["true"]\n',
      ),
    ).toEqual([]);
  });

  it('DL3042 pip without --no-cache-dir, unless a cache mount holds the cache', () => {
    expect(rules('FROM python:3.12\nRUN pip install flask\nHEALTHCHECK CMD ["true"]\n')).toEqual(['DL3042']);
    expect(rules('FROM python:3.12\nRUN pip install --no-cache-dir flask\nHEALTHCHECK CMD ["true"]\n')).toEqual([]);
    expect(
      rules(
        'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\nHEALTHCHECK CMD ["true"]\n',
      ),
    ).toEqual([]);
  });

  it('DL3025 shell-form CMD/ENTRYPOINT, DL3057 no HEALTHCHECK, DL4006 pipes without pipefail', () => {
    expect(rules('FROM node:20\nCMD node server.js\nHEALTHCHECK CMD ["true"]\n')).toEqual(['DL3025']);
    expect(rules('FROM node:20\nCMD ["node", "server.js"]\n')).toEqual(['DL3057']);
    expect(rules('FROM debian:12\nRUN curl x | sh\nHEALTHCHECK CMD ["true"]\n')).toEqual(['DL4006']);
    expect(
      rules('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl x | sh\nHEALTHCHECK CMD ["true"]\n'),
    ).toEqual([]);
  });

  it('DL3002 last USER root, accepted only for the privilege-dropping CI supervisor', () => {
    expect(rules('FROM node:20\nUSER root\nHEALTHCHECK CMD ["true"]\n')).toEqual(['DL3002']);
    expect(
      rules('FROM node:20\nLABEL tekton.ci.drop-privileges="10001"\nUSER root\nHEALTHCHECK CMD ["true"]\n'),
    ).toEqual([]);
    expect(rules('FROM node:20\nUSER root\nRUN true\nUSER app\nHEALTHCHECK CMD ["true"]\n')).toEqual([]);
  });

  it('reports line numbers of continued instructions at their first line', () => {
    const f = lintDockerfile(
      'FROM debian:12\n\nRUN apt-get update \\\n  && apt-get install -y --no-install-recommends curl \\\n  && rm -rf /var/lib/apt/lists/*\nHEALTHCHECK CMD ["true"]\n',
    );
    expect(f).toEqual([expect.objectContaining({ rule: 'DL3008', line: 3 })]);
  });
});

describe('generated Dockerfiles pass the lint', () => {
  const env = { HOME: process.env.HOME, TEKTON_STATE_DIR: '/nonexistent-tekton-state' };
  for (const name of [
    'python-fastapi',
    'python-django',
    'node-next',
    'node-vite',
    'go-gin',
    'rust-axum',
    'java-maven-spring',
    'java-gradle-spring',
    'ruby-rails',
    'php-laravel',
    'dotnet-aspnet',
    'deno-plain',
    'elixir-phoenix',
    'static-site',
    'shell-script',
    'monorepo-apps',
  ]) {
    it(`${name}, BuildKit and classic variants`, () => {
      const plan = planProject({
        target: resolve(__dirname, '../../../examples/corpus', name),
        env,
        split: name === 'python-django',
      });
      for (const a of plan.apps) {
        expect(lintDockerfile(a.buildDockerfile)).toEqual([]);
        expect(lintDockerfile(toClassicBuilder(a.buildDockerfile))).toEqual([]);
        expect(toClassicBuilder(a.buildDockerfile)).not.toMatch(/--mount=/);
      }
    });
  }

  it('a user Dockerfile with our stage appended passes too, when the user file did', () => {
    const plan = planProject({ target: resolve(__dirname, '../../../examples/corpus/python-flask'), env });
    const user =
      'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nCOPY . /app\nWORKDIR /app\nUSER nobody\nCMD ["python3", "app.py"]\n';
    const text = appendCiStage(user, {
      manifest: plan.manifest,
      container: 'python-flask',
      stores: [],
      where: 'Dockerfile',
    });
    expect(lintDockerfile(text)).toEqual([]);
  });
});
