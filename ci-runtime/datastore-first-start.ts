// How a generated datastore gets its password before it starts. Redis: `requirepass` on its stdin
// (its run_command names `-` as its config file), never in argv, which every UID can read in
// /proc. Postgres: its login role's SCRAM verifier, set once in single-user mode (the server is
// not running yet, nothing listens) by the service's own user, when the CI has just created the
// password. Plans are pure; setPostgresPassword is the one side effect.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { basename } from 'node:path';
import type { Application } from '../protocol';
import { scramVerifier } from './clients/scram-verifier';

/** What Redis reads on its stdin: its config, here only the password. */
export function redisStdin(password: string): string {
  return `requirepass ${password}\n`;
}

/** The single-user run that stores a Postgres password, or why there is none. */
export type PostgresPasswordPlan =
  | { ok: true; command: string; args: string[]; stdin: string }
  | { ok: false; reason: string };

/** Plans `postgres --single -D <data> postgres` with `ALTER ROLE CURRENT_USER PASSWORD '<verifier>'`. */
export function planPostgresPassword(app: Application, password: string, salt?: Buffer): PostgresPasswordPlan {
  const [command, ...args] = app.run_command;
  const dataDir = args[args.indexOf('-D') + 1];
  if (!command || basename(command) !== 'postgres' || !args.includes('-D') || !dataDir)
    return {
      ok: false,
      reason: `its run_command does not start the postgres binary with -D <data dir> (${app.run_command.join(' ')})`,
    };
  // The initdb user (the role named like the service's OS user) is CURRENT_USER in single-user mode.
  return {
    ok: true,
    command,
    args: ['--single', '-D', dataDir, 'postgres'],
    stdin: `ALTER ROLE CURRENT_USER PASSWORD '${scramVerifier(password, salt)}'\n`,
  };
}

/** Runs the plan as the service's user; resolves with what happened (never throws). */
export function setPostgresPassword(
  plan: Extract<PostgresPasswordPlan, { ok: true }>,
  runAs: { uid: number; gid: number } | null,
  spawn: (command: string, args: string[], options: SpawnOptions) => ChildProcess = nodeSpawn,
  timeoutMs = 30_000,
): Promise<{ ok: boolean; detail: string }> {
  return new Promise((resolve) => {
    let output = '';
    let child: ChildProcess;
    try {
      child = spawn(plan.command, plan.args, {
        cwd: '/',
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
        stdio: ['pipe', 'pipe', 'pipe'],
        ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
      });
    } catch (err) {
      resolve({ ok: false, detail: (err as Error).message });
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    // The statement holds the verifier: what the backend echoes is kept to its errors.
    const keep = (chunk: Buffer) => {
      if (output.length < 4000) output += chunk.toString('utf8');
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, detail: err.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const errors = output
        .split('\n')
        .filter((l) => /\b(ERROR|FATAL|PANIC)\b/.test(l))
        .join(' ');
      const ok = code === 0 && errors === '';
      resolve({
        ok,
        detail: ok ? 'password set' : errors || `postgres --single ended with ${signal ?? `code ${code}`}`,
      });
    });
    child.stdin?.end(plan.stdin);
  });
}
