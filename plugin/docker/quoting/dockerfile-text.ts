// Values placed in a generated Dockerfile, each in the form its position reads literally:
// - exec form (CMD, ENTRYPOINT, HEALTHCHECK): a JSON array, every character escaped, so nothing
//   ends the line and BuildKit does no variable expansion there;
// - ENV and LABEL values: double quotes with `\`, `"` and `$` escaped (the Dockerfile expands `$x`);
// - paths in COPY, WORKDIR, the nginx root and .dockerignore: no quoting form is read the same by all
//   of them (COPY splits on spaces, globs `*?[`, expands `$`, takes a leading `-` for a flag; a
//   .dockerignore line starting `!` or `#` means something else), so only plain path characters pass;
// - shell words inside RUN: see shell-word.ts.
// Nothing a project gives can end a line (unsafe-value.ts), nor an instruction through a trailing `\`.
import { safeText, UnsafeValue } from './unsafe-value';

/** Exec-form JSON array of `argv` (the same text as JSON.stringify for plain words). */
export function execForm(argv: readonly string[]): string {
  return `[${argv.map((a) => jsonString(a)).join(',')}]`;
}

/** A JSON string literal a Dockerfile line holds (NUL refused: no argv can carry it). */
export function jsonString(value: string): string {
  if (value.includes('\u0000'))
    throw new UnsafeValue(value, 'an exec-form argument', 'it contains a NUL byte (U+0000), which no argv can carry');
  // JSON.stringify leaves U+2028/U+2029 raw: escape them so every reader keeps the line whole.
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** `"value"` for ENV and LABEL, read back literally (no expansion of `$`). */
export function quoted(value: string, position = 'an ENV or LABEL value'): string {
  return `"${safeText(value, position).replace(/[\\"$]/g, '\\$&')}"`;
}

const PLAIN_VALUE = /^[A-Za-z0-9_./:@%+,=-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `NAME=value` for an ENV line: the value bare when plain, else quoted. */
export function envPair(name: string, value: string): string {
  if (!ENV_NAME.test(name))
    throw new UnsafeValue(name, 'an ENV name', 'an environment variable name is letters, digits and _');
  return `${name}=${PLAIN_VALUE.test(value) ? value : quoted(value)}`;
}

const PATH_CHARS = /^[A-Za-z0-9._@+/-]+$/;

/** A relative or absolute path read literally by COPY, WORKDIR, nginx and .dockerignore; refused otherwise. */
export function plainPath(value: string, position = 'a path in the generated Dockerfile'): string {
  safeText(value, position);
  if (!PATH_CHARS.test(value))
    throw new UnsafeValue(
      value,
      position,
      'only letters, digits and . _ - @ + / are read the same by COPY, WORKDIR and .dockerignore; rename it',
    );
  const parts = value.split('/');
  if (parts.includes('..')) throw new UnsafeValue(value, position, 'a path of the project cannot leave it (..)');
  if (parts.some((p) => p.startsWith('-')))
    throw new UnsafeValue(value, position, 'a name starting with - is read as an option');
  return value;
}

/** A file name (a built binary, an artifact): a plain path without `/`. */
export function fileName(value: string, position = 'a file name in the generated Dockerfile'): string {
  plainPath(value, position);
  if (value.includes('/')) throw new UnsafeValue(value, position, 'a file name has no /');
  return value;
}

/** A comment line: anything but a line break. */
export function comment(text: string): string {
  return `# ${safeText(text, 'a Dockerfile comment')}`;
}

/** The command of a shell-form RUN: shell text that must stay on its line. */
export function runCommand(command: string): string {
  safeText(command, 'a RUN command');
  // The escape character at the end of a line joins the next instruction to this one.
  if (/\\[ \t]*$/.test(command))
    throw new UnsafeValue(command, 'a RUN command', 'a trailing \\ would join the next instruction to it');
  // BuildKit reads `<<WORD` in a RUN line as a here-document: the lines after it would become its text.
  if (command.includes('<<'))
    throw new UnsafeValue(command, 'a RUN command', 'a here-document marker (<<) would take in the lines after it');
  return command;
}

const IMAGE_REF = /^[a-z0-9][a-z0-9._/:@-]*$/;

/** An image reference as an ARG default or FROM reads it (`python:3.12-slim`, `mcr.microsoft.com/dotnet/sdk:8.0`). */
export function imageRef(value: string): string {
  safeText(value, 'a base image');
  if (!IMAGE_REF.test(value) || value.length > 255)
    throw new UnsafeValue(value, 'a base image', 'an image reference is lowercase letters, digits and . _ - / : @');
  return value;
}

/** A port as EXPOSE, ENV and nginx read it: a whole number from 1 to 65535. */
export function portNumber(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UnsafeValue(String(port), 'a port', 'a port is a whole number from 1 to 65535');
  return String(port);
}
