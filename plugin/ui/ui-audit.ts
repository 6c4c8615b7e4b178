// The host side of the audit log: what the page did outside a CI (build, run, stop, restart,
// export, save) with who did it, one JSON line each in <state>/ui/audit.jsonl. What the page asks a
// CI (chat, recipes) is in that CI's own audit log, with the same sender.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendPrivate } from '../files/private-dir';

/** One line of the log. */
export interface UiAuditEntry {
  at: string;
  sender: string;
  target: string;
  action: string;
  outcome: string;
}

/** Where the log is. */
export function uiAuditPath(stateDir: string): string {
  return join(stateDir, 'ui', 'audit.jsonl');
}

/** Appends one entry. */
export function appendUiAudit(stateDir: string, entry: UiAuditEntry): void {
  appendPrivate(uiAuditPath(stateDir), `${JSON.stringify(entry)}\n`);
}

/** The newest `limit` entries about `target` (all targets when null). */
export function readUiAudit(stateDir: string, target: string | null, limit = 50): UiAuditEntry[] {
  let text = '';
  try {
    text = readFileSync(uiAuditPath(stateDir), 'utf8');
  } catch {
    return [];
  }
  const out: UiAuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const e = JSON.parse(line) as UiAuditEntry;
      if (target === null || e.target === target) out.push(e);
    } catch {
      /* a torn line */
    }
  }
  return out.slice(-limit);
}
