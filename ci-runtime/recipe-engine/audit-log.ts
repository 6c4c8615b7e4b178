// The append-only audit log: one JSON line per run (who, what, params, dry or real, outcome,
// duration), in /var/lib/tekton-ci/audit.log by default, readable through the engine.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry } from '../../protocol';

/** Appends and reads audit entries. */
export interface AuditLog {
  append(entry: AuditEntry): void;
  /** The last `lines` entries, oldest first. */
  tail(lines: number): AuditEntry[];
}

/** File-backed audit log (mode 0600: params may be sensitive). */
export function createAuditLog(path: string): AuditLog {
  return {
    append(entry) {
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    },
    tail(lines) {
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return [];
      }
      const n = Math.max(0, Math.min(Math.floor(lines), 10_000));
      return text
        .split('\n')
        .filter(Boolean)
        .slice(-n)
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as AuditEntry];
          } catch {
            return [];
          }
        });
    },
  };
}
