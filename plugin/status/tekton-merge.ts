// Tekton's own status document (its launcher, or its status script run with its Python) with the
// container-CI rows merged in. Every way it can fail becomes one line; ours are shown regardless.
import { execFile } from 'node:child_process';
import type { StatusRow } from '../plugin-api';
import type { StatusCommand } from '../tekton/tekton-status-plan';
import type { StatusComponent } from './status-format';

/** Tekton's status document, as far as we rely on it. */
export interface TektonStatusDoc {
  system?: Record<string, unknown>;
  components?: StatusComponent[];
}

/** The result of asking Tekton: its document, or why not (one line). */
export interface TektonStatusResult {
  doc: TektonStatusDoc | null;
  error: string | null;
}

/** Runs the planned command (bounded) and reads its JSON. */
export function runTektonStatus(cmd: StatusCommand, timeoutMs = 20_000): Promise<TektonStatusResult> {
  return new Promise((resolve) => {
    const options = {
      timeout: timeoutMs,
      maxBuffer: 8 * 1024 * 1024,
      env: cmd.env as NodeJS.ProcessEnv,
      ...(cmd.cwd ? { cwd: cmd.cwd } : {}),
    };
    execFile(cmd.file, cmd.args, options, (err, stdout, stderr) => {
      const doc = parseStatusDoc(stdout);
      if (doc && !err) return resolve({ doc, error: null });
      resolve({ doc: null, error: explainFailure(cmd, err, stdout, stderr, timeoutMs) });
    });
  });
}

/** Tekton's JSON from the program's output, or null when it holds none (pure). */
export function parseStatusDoc(stdout: string): TektonStatusDoc | null {
  const start = stdout.search(/^\{/m);
  if (start < 0) return null;
  let value: unknown;
  try {
    value = JSON.parse(stdout.slice(start));
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as TektonStatusDoc & { name?: unknown };
  if (Array.isArray(v.components)) return { system: v.system ?? {}, components: v.components.filter(isComponent) };
  // `--component x` prints one component without the wrapper.
  if (typeof v.name === 'string') return { system: {}, components: [v as unknown as StatusComponent] };
  return null;
}

function isComponent(c: unknown): c is StatusComponent {
  return !!c && typeof c === 'object' && typeof (c as { name?: unknown }).name === 'string';
}

/** One line saying why Tekton's status gave no document (pure). */
export function explainFailure(
  cmd: StatusCommand,
  err: (Error & { code?: unknown; killed?: boolean; signal?: unknown }) | null,
  stdout: string,
  stderr: string,
  timeoutMs: number,
): string {
  const who = `'${cmd.describe}'`;
  if (err?.code === 'ENOENT') {
    return (
      `${who} could not start: ${cmd.file} not found; ` +
      "create a venv under TEKTON_ROOT (.venv) with Tekton's requirements, or set TEKTON_PYTHON"
    );
  }
  if (err?.code === 'EACCES' || err?.code === 'ENOEXEC') {
    return `${who} could not start: ${cmd.file} is not executable here (${String(err.code)})`;
  }
  if (err?.killed || err?.signal === 'SIGTERM') return `${who} gave no answer within ${Math.round(timeoutMs / 1000)} s`;
  const missing = /ModuleNotFoundError: No module named '([^']+)'/.exec(stderr);
  if (missing) {
    return (
      `${who} failed: Tekton's Python lacks the module '${missing[1]}'; ` +
      `install Tekton's requirements into ${cmd.file}'s environment`
    );
  }
  const last = lastLine(stderr);
  if (err) return `${who} exited with status ${String(err.code ?? err.signal ?? '?')}${last ? `: ${last}` : ''}`;
  const first = stdout.trim().split('\n')[0]?.slice(0, 80);
  return `${who} printed no status JSON${first ? ` (its output begins '${first}')` : ' (no output)'}`;
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/ - (WARNING|INFO|DEBUG) - /.test(l));
  return (lines.at(-1) ?? '').slice(0, 200);
}

/** Tekton's components followed by ours; ours replace any of Tekton's with the same name (pure). */
export function mergeStatus(
  tekton: TektonStatusDoc | null,
  ours: StatusRow[],
): { components: StatusComponent[]; system: Record<string, unknown> } {
  const names = new Set(ours.map((r) => r.name));
  const theirs = (tekton?.components ?? []).filter((c) => !names.has(c.name));
  const system = { ...(tekton?.system ?? {}) };
  delete system.total_components;
  delete system.healthy_components;
  return { components: [...theirs, ...ours], system };
}
