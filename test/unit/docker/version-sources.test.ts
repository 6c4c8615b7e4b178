// Base images are the official ones at the project's own version, and the plan says which file
// gave the version.
import { describe, expect, it } from 'vitest';
import { memoryTree } from '../../../plugin/docker/analysis/project-tree';
import { planProjectFrom } from '../../../plugin/docker/plan-project';

const plan = (files: Record<string, string>) => planProjectFrom(memoryTree(files), { name: 'v' });
const images = (files: Record<string, string>) =>
  [...plan(files).apps[0]!.buildDockerfile.matchAll(/^ARG (\w+_IMAGE)=(\S+)$/gm)]
    .map((m) => m[2])
    .filter((i) => !i!.startsWith('tekton-ci-assets'));
const source = (files: Record<string, string>) => plan(files).reasons.find((r) => / version$/.test(r.what))?.source;

const nodeApp = {
  'package.json': JSON.stringify({ scripts: { start: 'node index.js' }, engines: { node: '>=18' } }),
  'index.js': '',
};
const goApp = { 'main.go': 'package main\nfunc main() {}\n' };

describe('versions and the images they name', () => {
  const cases: Array<[string, Record<string, string>, string[], RegExp]> = [
    ['.nvmrc over engines', { ...nodeApp, '.nvmrc': 'v22.11.0\n' }, ['node:22-slim'], /^\.nvmrc$/],
    [
      '.nvmrc lts/* is not a version: engines decides',
      { ...nodeApp, '.nvmrc': 'lts/*\n' },
      ['node:18-slim'],
      /engines\.node/,
    ],
    [
      '.tool-versions nodejs',
      { ...nodeApp, '.tool-versions': 'python 3.12.1\nnodejs 20.11.0\n' },
      ['node:20-slim'],
      /\.tool-versions nodejs/,
    ],
    [
      'bun packageManager',
      {
        'package.json': JSON.stringify({ packageManager: 'bun@1.1.38', scripts: { start: 'bun index.ts' } }),
        'bun.lock': '{}',
        'index.ts': '',
      },
      ['oven/bun:1.1.38-slim'],
      /packageManager/,
    ],
    [
      'runtime.txt',
      { 'requirements.txt': 'flask\n', 'app.py': 'print(1)\n', 'runtime.txt': 'python-3.10.14\n' },
      ['python:3.10-slim'],
      /runtime\.txt/,
    ],
    [
      'requires-python',
      {
        'pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.13"\ndependencies = []\n',
        'main.py': 'print(1)\n',
      },
      ['python:3.13-slim'],
      /requires-python >=3\.13/,
    ],
    [
      'go.mod toolchain over go',
      { ...goApp, 'go.mod': 'module x\n\ngo 1.21\n\ntoolchain go1.22.5\n' },
      ['golang:1.22', 'debian:bookworm-slim'],
      /go\.mod toolchain/,
    ],
    [
      'rust-toolchain.toml',
      {
        'Cargo.toml': '[package]\nname = "x"\nversion = "0.1.0"\n',
        'src/main.rs': 'fn main() {}\n',
        'rust-toolchain.toml': '[toolchain]\nchannel = "1.82.0"\n',
      },
      ['rust:1.82-slim', 'debian:bookworm-slim'],
      /rust-toolchain\.toml/,
    ],
    [
      'pom.xml maven.compiler.release',
      {
        'pom.xml': '<project><properties><maven.compiler.release>17</maven.compiler.release></properties></project>',
        'src/main/java/A.java': 'class A {}',
      },
      ['maven:3.9-eclipse-temurin-17', 'eclipse-temurin:17-jre'],
      /pom\.xml/,
    ],
    [
      '.java-version',
      { 'pom.xml': '<project/>', '.java-version': '21\n', 'src/main/java/A.java': 'class A {}' },
      ['maven:3.9-eclipse-temurin-21', 'eclipse-temurin:21-jre'],
      /\.java-version/,
    ],
    [
      'composer.json php',
      { 'composer.json': JSON.stringify({ require: { php: '^8.2' } }), 'index.php': '<?php echo 1;' },
      ['php:8.2-cli'],
      /composer\.json require\.php/,
    ],
    [
      '.ruby-version',
      { Gemfile: "source 'https://rubygems.org'\n", 'app.rb': 'puts 1\n', '.ruby-version': '3.2.4\n' },
      ['ruby:3.2-slim'],
      /\.ruby-version/,
    ],
    [
      '.dvmrc for Deno',
      { 'deno.json': '{}', 'main.ts': 'Deno.serve(() => new Response("x"))\n', '.dvmrc': '2.1.4\n' },
      ['denoland/deno:debian-2.1.4'],
      /\.dvmrc/,
    ],
  ];
  for (const [what, files, named, from] of cases) {
    it(what, () => {
      expect(images(files)).toEqual(named);
      expect(source(files)).toMatch(from);
    });
  }
});
