// The audit log holds what was done, and only that: free text from a request (a recipe name, a
// sender) cannot forge an entry, neither in the file nor where `aish ci audit` prints it; every
// entry is bounded; a flood is rotated away within a fixed size on disk and the log still reads its
// newest entries; lines of the first format read as well; a planted link is not followed.
// Controls: the same request printed as the first format kept it does show a forged line, and the
// same flood written as the first format did grows without bound.
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedRecipeEngine } from '../../../ci-runtime/recipe-engine';
import { auditText, MAX_ENTRY_BYTES } from '../../../ci-runtime/recipe-engine/audit-entry';
import { createAuditLog } from '../../../ci-runtime/recipe-engine/audit-log';
import { renderReply } from '../../../plugin/render/render-reply';
import type { AuditEntry } from '../../../protocol';
import { createEngineFixture, type EngineFixture } from '../../support/recipe-engine-fixture';

const FORGED = '2026-01-01T00:00:00.000Z admin clear-cache done: flushed by admin';
let fx: EngineFixture;
let engine: LoadedRecipeEngine;
let dir: string;

beforeAll(async () => {
  fx = await createEngineFixture();
  engine = await fx.make();
  dir = mkdtempSync(join(tmpdir(), 'tekton-audit-'));
}, 60_000);
afterAll(() => {
  fx.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: '2026-12-07T10:00:00.000Z',
  sender: 'tester',
  recipe: 'tail-logs',
  params: {},
  dry_run: false,
  ok: true,
  summary: 'ok',
  duration_ms: 3,
  outcome: 'done',
  ...over,
});
const printed = (entries: AuditEntry[]) => renderReply({ type: 'audit_response', ai_id: 'c-container-ci', entries });

describe('newline forgery', () => {
  it("a recipe name and a sender with newlines stay inside their one entry, in the file and in `aish ci audit`'s print", async () => {
    const recipe = `nope\n${FORGED}`;
    const sender = `evil\r\n${FORGED}\u001b[2K\u2028`;
    const result = await engine.run({ recipe, params: {}, dryRun: false, sender });
    expect(result.ok).toBe(false);
    const lines = readFileSync(join(fx.state, 'audit.log'), 'utf8').split('\n').filter(Boolean);
    const last = JSON.parse(lines.at(-1)!) as AuditEntry;
    expect(last).toMatchObject({ v: 2, outcome: 'refused' });
    // Escaped, and bounded (64 characters, an ellipsis marks the cut).
    expect(last.recipe).toBe(`${`nope\\n${FORGED}`.slice(0, 63)}…`);
    expect(last.sender).toBe(`${`evil\\r\\n${FORGED}`.slice(0, 63)}…`);
    expect(last.sender + last.recipe).not.toMatch(/[\n\r\u001b\u2028]/);
    const shown = printed(engine.audit(1));
    expect(shown.split('\n').filter(Boolean)).toHaveLength(1);
    expect(shown).not.toMatch(/^2026-01-01/m);
  });

  it('control: the same entry as the first format kept it prints a forged line', () => {
    const shown = printed([entry({ recipe: `nope\n${FORGED}`, outcome: 'refused', ok: false })]);
    expect(shown.split('\n').filter(Boolean)).toHaveLength(2);
    expect(shown).toMatch(/^2026-01-01T00:00:00\.000Z admin clear-cache done: flushed by admin/m);
  });
});

describe('size', () => {
  it('bounds every entry, however long its text', () => {
    const log = createAuditLog(join(dir, 'bounded', 'audit.log'));
    const huge = 'é'.repeat(200_000);
    const params = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}${huge.slice(0, 50)}`, huge]));
    log.append(entry({ sender: huge, recipe: huge, summary: huge, params }));
    const line = readFileSync(join(dir, 'bounded', 'audit.log'));
    expect(line.length).toBeLessThanOrEqual(MAX_ENTRY_BYTES + 1);
    const [kept] = log.tail(1);
    expect(kept!.sender).toHaveLength(64);
    expect(kept!.sender.endsWith('…')).toBe(true);
    // Terminal escapes and bidi overrides are written out, not kept.
    expect(auditText('a\u001b[2Kb\u202ec\u0085', 64)).toBe('a\\u{001b}[2Kb\\u{202e}c\\u{0085}');
  });

  it('records a field that is no text as what it is, even an array nested 30000 deep (bench:fuzz)', () => {
    const deep = JSON.parse(`${'['.repeat(30_000)}1${']'.repeat(30_000)}`) as unknown;
    // Control: turning it into text the plain way overflows the stack.
    expect(() => String(deep)).toThrow(RangeError);
    const log = createAuditLog(join(dir, 'deep', 'audit.log'));
    log.append(entry({ sender: deep as string, recipe: { toString: () => 'forged' } as unknown as string }));
    expect(log.tail(1)[0]).toMatchObject({ sender: '[array]', recipe: '[object]' });
  });

  it('rotates a flood within (keep + 1) files of the limit, and still reads the newest entries', () => {
    const folder = join(dir, 'flood');
    const log = createAuditLog(join(folder, 'audit.log'), { maxFileBytes: 64 * 1024, keep: 3 });
    for (let i = 0; i < 3000; i++) log.append(entry({ sender: 'x'.repeat(5000), summary: `run ${i}` }));
    const files = readdirSync(folder).sort();
    expect(files).toEqual(['audit.log', 'audit.log.1', 'audit.log.2', 'audit.log.3']);
    const total = files.reduce((n, f) => n + statSync(join(folder, f)).size, 0);
    expect(total).toBeLessThanOrEqual(4 * 64 * 1024);
    expect(log.tail(3).map((e) => e.summary)).toEqual(['run 2997', 'run 2998', 'run 2999']);
    // Across the rotation: more entries than the current file holds come from the older files.
    const many = log.tail(200);
    expect(many).toHaveLength(200);
    expect(many.at(0)!.summary).toBe('run 2800');
  });

  it('control: the same flood written as the first format did grows with every entry', () => {
    const file = join(dir, 'unbounded.log');
    for (let i = 0; i < 3000; i++)
      appendFileSync(file, `${JSON.stringify(entry({ sender: 'x'.repeat(5000), summary: `run ${i}` }))}\n`);
    expect(statSync(file).size).toBeGreaterThan(15_000_000);
  });
});

describe('reading', () => {
  it('reads lines of the first format, escaped now, and skips what is not an entry', () => {
    const file = join(dir, 'old', 'audit.log');
    const log = createAuditLog(file);
    log.append(entry({ summary: 'first new-format entry' }));
    const old = [
      JSON.stringify(entry({ sender: 'old\nsender', summary: 'old one' })),
      `{"broken": `,
      JSON.stringify(entry({ summary: 'x'.repeat(2 * 1024 * 1024) })),
      JSON.stringify(entry({ summary: 'old two' })),
    ];
    writeFileSync(file, `${old.join('\n')}\n`, { flag: 'a' });
    const read = log.tail(10);
    expect(read.map((e) => e.summary)).toEqual(['first new-format entry', 'old one', 'old two']);
    expect(read[1]!.sender).toBe('old\\nsender');
    expect(read.every((e) => e.v === 2)).toBe(true);
  });

  it('does not write through a link planted where the log goes', () => {
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'untouched\n');
    const folder = join(dir, 'linked');
    createAuditLog(join(folder, 'audit.log')).append(entry());
    rmSync(join(folder, 'audit.log'));
    symlinkSync(target, join(folder, 'audit.log'));
    expect(() => createAuditLog(join(folder, 'audit.log')).append(entry())).toThrow(/ELOOP/);
    expect(readFileSync(target, 'utf8')).toBe('untouched\n');
    expect(createAuditLog(join(folder, 'audit.log')).tail(5)).toEqual([]);
  });
});
