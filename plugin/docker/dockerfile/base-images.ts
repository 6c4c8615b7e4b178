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

/** What else decides the images: static output needs no runtime of the language at all. */
export interface BaseImageOptions {
  /** The app's build produces static files, served by nginx from Debian. */
  staticOutput?: boolean;
}

/** Picks the base images for a language and runtime version (major.minor when given). */
export function baseImagesFor(
  language: Language,
  version: string | null,
  packageManager: string | null,
  options: BaseImageOptions = {},
): BaseImages {
  const images = languageImages(language, version, packageManager);
  return options.staticOutput ? { build: images.build, runtime: DEBIAN_SLIM } : images;
}

function languageImages(language: Language, version: string | null, packageManager: string | null): BaseImages {
  const mm = (fallback: string) => (version ? (/^(\d+(?:\.\d+)?)/.exec(version)?.[1] ?? fallback) : fallback);
  const major = (fallback: string) => (version ? (/^(\d+)/.exec(version)?.[1] ?? fallback) : fallback);
  const same = (b: BaseImageArg): BaseImages => ({ build: b, runtime: b });
  switch (language) {
    case 'python':
      return same({ arg: 'PYTHON_IMAGE', image: `python:${mm('3.12')}-slim` });
    case 'node':
      // Bun's official image is tagged by release (`oven/bun:1.1.38-slim`, `oven/bun:1.1-slim`, `oven/bun:1-slim`).
      if (packageManager === 'bun')
        return same({
          arg: 'BUN_IMAGE',
          image: `oven/bun:${version ? (/^(\d+(?:\.\d+){0,2})/.exec(version)?.[1] ?? '1') : '1'}-slim`,
        });
      return {
        build: { arg: 'NODE_IMAGE', image: `node:${major('20')}-slim` },
        runtime: { arg: 'NODE_IMAGE', image: `node:${major('20')}-slim` },
      };
    case 'go':
      return { build: { arg: 'GO_IMAGE', image: `golang:${mm('1.22')}` }, runtime: DEBIAN_SLIM };
    case 'rust':
      return { build: { arg: 'RUST_IMAGE', image: `rust:${mm('1.79')}-slim` }, runtime: DEBIAN_SLIM };
    case 'ruby':
      return same({ arg: 'RUBY_IMAGE', image: `ruby:${mm('3.3')}-slim` });
    case 'java': {
      const jdk = major('21');
      const build =
        packageManager === 'gradle'
          ? { arg: 'GRADLE_IMAGE', image: `gradle:8-jdk${jdk}` }
          : { arg: 'MAVEN_IMAGE', image: `maven:3.9-eclipse-temurin-${jdk}` };
      return { build, runtime: { arg: 'JRE_IMAGE', image: `eclipse-temurin:${jdk}-jre` } };
    }
    case 'php':
      return same({ arg: 'PHP_IMAGE', image: `php:${mm('8.3')}-cli` });
    case 'dotnet': {
      const v = mm('8.0');
      return {
        build: { arg: 'DOTNET_SDK_IMAGE', image: `mcr.microsoft.com/dotnet/sdk:${v}` },
        runtime: { arg: 'DOTNET_RUNTIME_IMAGE', image: `mcr.microsoft.com/dotnet/aspnet:${v}` },
      };
    }
    // Deno's official image is tagged `debian-<full version>`; without a version, the 2.x line.
    case 'deno':
      return same({
        arg: 'DENO_IMAGE',
        image: `denoland/deno:debian-${version && /^\d+\.\d+\.\d+$/.test(version) ? version : '2.1.4'}`,
      });
    case 'elixir':
      return same({ arg: 'ELIXIR_IMAGE', image: `elixir:${mm('1.17')}-slim` });
    // The official gcc image (Debian based) builds; the binary runs on slim Debian.
    case 'cpp':
      return { build: { arg: 'GCC_IMAGE', image: `gcc:${major('14')}` }, runtime: DEBIAN_SLIM };
    case 'static':
      return same(DEBIAN_SLIM);
    case 'shell':
      return same(DEBIAN_SLIM);
  }
}
