// Tekton's own `status --json` (when Tekton is installed) with the container-CI rows merged in.
import { execFile } from 'node:child_process';
import type { StatusRow } from '../plugin-api';
import type { StatusComponent } from './status-format';

/** Tekton's status document, as far as we rely on it. */
export interface TektonStatusDoc { system?: Record<string, unknown>; components?: StatusComponent[] }

/** Runs `<launcher> status --json` (bounded); resolves null with a reason when it fails. */
export function runTektonStatusJson(launcher: string, timeoutMs = 20_000): Promise<{ doc: TektonStatusDoc | null; error: string | null }> {
  return new Promise((resolve) => {
    execFile(launcher, ['status', '--json'], { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => {
      const start = stdout.indexOf('{');
      if (start >= 0) {
        try { return resolve({ doc: JSON.parse(stdout.slice(start)) as TektonStatusDoc, error: null }); } catch { /* fall through */ }
      }
      resolve({ doc: null, error: err ? err.message : 'no JSON document in its output' });
    });
  });
}

/** Tekton's components followed by ours; ours replace any of Tekton's with the same name (pure). */
export function mergeStatus(tekton: TektonStatusDoc | null, ours: StatusRow[]): { components: StatusComponent[]; system: Record<string, unknown> } {
  const names = new Set(ours.map((r) => r.name));
  const theirs = (tekton?.components ?? []).filter((c) => !names.has(c.name));
  const system = { ...(tekton?.system ?? {}) };
  delete system.total_components;
  delete system.healthy_components;
  return { components: [...theirs, ...ours], system };
}
