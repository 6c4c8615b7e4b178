// The real process's HostIo: stdio, Tekton's environment, lazily read stdin, and spawning
// Tekton's aish. This is the edge where side effects get their defaults.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { loadTektonEnv, tektonAishPath } from '../tekton/env';
import type { HostIo } from './dispatch';

/** Reads all of a non-TTY stream once; a terminal gives '' (the user types messages as arguments). */
export function stdinReader(stdin: NodeJS.ReadStream = process.stdin): () => Promise<string> {
  let pending: Promise<string> | null = null;
  return () => {
    if (stdin.isTTY) return Promise.resolve('');
    pending ??= new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      stdin.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
      stdin.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      stdin.once('error', reject);
    });
    return pending;
  };
}

/** Runs a program with inherited stdio; resolves its exit status (128+signal when killed). */
export function runInherited(path: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: 'inherit' });
    child.once('error', (error) =>
      reject(new Error(`could not run ${path}: ${error.message}; check TEKTON_ROOT`, { cause: error })),
    );
    child.once('exit', (code, sig) => {
      resolve(code ?? 128 + (sig ? (constants.signals[sig] ?? 1) : 1));
    });
  });
}

/** HostIo of this process. */
export function processHostIo(env = loadTektonEnv()): HostIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env,
    interactive: process.stdin.isTTY === true,
    readStdin: stdinReader(),
    tektonAish: tektonAishPath(env),
    runExternal: runInherited,
  };
}
