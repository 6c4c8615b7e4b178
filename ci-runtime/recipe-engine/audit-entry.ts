// One audit entry made safe to keep and to print (pure): every free-text field (sender, recipe,
// summary, param names and values) has its control characters written out as visible escapes, so
// a newline in a request cannot end one printed entry and start a forged one, and is bounded, so
// the whole entry stays under MAX_ENTRY_BYTES. Entries read back from the file (the old format's
// included) go through the same function.
import type { AuditEntry } from '../../protocol';

/** The format written now; lines without `v` are the first format (plain JSON, unbounded). */
export const AUDIT_FORMAT = 2;
/** No entry's JSON line is longer than this. */
export const MAX_ENTRY_BYTES = 4096;

const LIMITS = { sender: 64, recipe: 64, summary: 1000, paramName: 64, paramValue: 200, params: 16 } as const;
const OUTCOMES = new Set(['done', 'failed', 'refused', 'confirmation_requested', 'killed', 'added']);

// C0 and C1 controls, DEL, the Unicode line and paragraph separators and the bidi overrides and
// isolates (which reorder what a terminal shows).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `value` as one line of visible text of at most `max` characters (an ellipsis marks a cut). */
export function auditText(value: unknown, max: number): string {
  // String() of an object runs its toString, and of an array nested thousands deep overflows the
  // stack: a field that should have been text is recorded as what it was.
  const plain =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? `[${Array.isArray(value) ? 'array' : 'object'}]`
        : String(value);
  const text = plain.replace(UNSAFE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** An entry as it is written and read: fields typed, text escaped and bounded, the format marked. */
export function normalizeAuditEntry(raw: unknown): AuditEntry & { v: number } {
  const e = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  const given = e.params && typeof e.params === 'object' ? Object.entries(e.params as object) : [];
  for (const [key, value] of given.slice(0, LIMITS.params)) {
    params[auditText(key, LIMITS.paramName)] =
      typeof value === 'number' || typeof value === 'boolean' ? value : auditText(value, LIMITS.paramValue);
  }
  if (given.length > LIMITS.params) params['[more]'] = `${given.length - LIMITS.params} more not recorded`;
  const entry = {
    v: AUDIT_FORMAT,
    at: auditText(e.at, 40),
    sender: auditText(e.sender, LIMITS.sender),
    recipe: auditText(e.recipe, LIMITS.recipe),
    params,
    dry_run: e.dry_run === true,
    ok: e.ok === true,
    summary: auditText(e.summary, LIMITS.summary),
    duration_ms: typeof e.duration_ms === 'number' && Number.isFinite(e.duration_ms) ? e.duration_ms : 0,
    ...(typeof e.outcome === 'string' && OUTCOMES.has(e.outcome)
      ? { outcome: e.outcome as NonNullable<AuditEntry['outcome']> }
      : {}),
  };
  // Every field is bounded already; multi-byte text can still add up: the summary gives way first.
  if (Buffer.byteLength(JSON.stringify(entry)) > MAX_ENTRY_BYTES) {
    entry.params = { '[params]': 'not recorded: the entry was too large' };
    entry.summary = auditText(entry.summary, 200);
  }
  return entry;
}
