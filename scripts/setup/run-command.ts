// Runs a program for the setup, its output going to a log file (or inherited), and fails with the
// last lines of that log so the reason is on screen without opening the file.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** How to run one command. */
export interface RunOptions {
  /** Append stdout and stderr to this file (default: inherit the terminal). */
  logFile?: string;
  /** Text or stream fed to stdin. */
  input?: string | NodeJS.ReadableStream;
  env?: NodeJS.ProcessEnv;
}

/** Runs `cmd args`; resolves when it exits 0, rejects naming the command and the log otherwise. */
export function runCommand(cmd: string, args: string[], opts: RunOptions = {}): Promise<void> {
  let fd: number | undefined;
  if (opts.logFile) {
    mkdirSync(dirname(opts.logFile), { recursive: true });
    fd = openSync(opts.logFile, 'a');
  }
  const out = fd ?? 'inherit';
  return new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', out, out],
      env: opts.env ?? process.env,
    });
    if (typeof opts.input === 'string') child.stdin?.end(opts.input);
    else if (opts.input) opts.input.pipe(child.stdin!);
    child.once('error', (error) => reject(new Error(`could not start ${cmd}: ${error.message}`, { cause: error })));
    child.once('exit', (code, signal) => {
      if (code === 0) return resolve();
      const where = opts.logFile ? `; last lines of ${opts.logFile}:\n${tail(opts.logFile, 15)}` : '';
      reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${where}`));
    });
  }).finally(() => {
    if (fd !== undefined) closeSync(fd);
  });
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(log unreadable)';
  }
}
