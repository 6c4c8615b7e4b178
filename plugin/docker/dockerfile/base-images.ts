// The public base images generated Dockerfiles name (as build arguments with pinned tags, so a
// mirror or the local base-image map can replace them without editing the Dockerfile).
import type { Language } from '../../../protocol';

/** A base image as a build argument: `ARG <arg>=<image>`. */
export interface BaseImageArg {
  arg: string;
  image: string;
}

/** Build and runtime images of an app (the same when there is no separate build stage). */
export interface BaseImages {
  build: BaseImageArg;
  runtime: BaseImageArg;
}

const DEBIAN_SLIM: BaseImageArg = { arg: 'RUNTIME_IMAGE', image: 'debian:bookworm-slim' };

/** Picks the base images for a language and runtime version (major.minor when given). */
export function baseImagesFor(language: Language, version: string | null, packageManager: string | null): BaseImages {
  const mm = (fallback: string) => (version ? /^(\d+(?:\.\d+)?)/.exec(version)?.[1] ?? fallback : fallback);
  const major = (fallback: string) => (version ? /^(\d+)/.exec(version)?.[1] ?? fallback : fallback);
  const same = (b: BaseImageArg): BaseImages => ({ build: b, runtime: b });
  switch (language) {
    case 'python': return same({ arg: 'PYTHON_IMAGE', image: `python:${mm('3.12')}-slim` });
    case 'node':
      if (packageManager === 'bun') return same({ arg: 'BUN_IMAGE', image: 'oven/bun:1-slim' });
      return { build: { arg: 'NODE_IMAGE', image: `node:${major('20')}-slim` }, runtime: { arg: 'NODE_IMAGE', image: `node:${major('20')}-slim` } };
    case 'go': return { build: { arg: 'GO_IMAGE', image: `golang:${mm('1.22')}` }, runtime: DEBIAN_SLIM };
    case 'rust': return { build: { arg: 'RUST_IMAGE', image: `rust:${mm('1.79')}-slim` }, runtime: DEBIAN_SLIM };
    case 'ruby': return same({ arg: 'RUBY_IMAGE', image: `ruby:${mm('3.3')}-slim` });
    case 'java': {
      const jdk = major('21');
      const build = packageManager === 'gradle' ? { arg: 'GRADLE_IMAGE', image: `gradle:8-jdk${jdk}` } : { arg: 'MAVEN_IMAGE', image: `maven:3.9-eclipse-temurin-${jdk}` };
      return { build, runtime: { arg: 'JRE_IMAGE', image: `eclipse-temurin:${jdk}-jre` } };
    }
    case 'php': return same({ arg: 'PHP_IMAGE', image: `php:${mm('8.3')}-cli` });
    case 'dotnet': {
      const v = mm('8.0');
      return { build: { arg: 'DOTNET_SDK_IMAGE', image: `mcr.microsoft.com/dotnet/sdk:${v}` }, runtime: { arg: 'DOTNET_RUNTIME_IMAGE', image: `mcr.microsoft.com/dotnet/aspnet:${v}` } };
    }
    case 'deno': return same({ arg: 'DENO_IMAGE', image: 'denoland/deno:debian-2.0.0' });
    case 'elixir': return same({ arg: 'ELIXIR_IMAGE', image: `elixir:${mm('1.17')}-slim` });
    case 'static': return same(DEBIAN_SLIM);
    case 'shell': return same(DEBIAN_SLIM);
  }
}
