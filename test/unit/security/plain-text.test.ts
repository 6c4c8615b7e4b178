// Everything printed is text (docs/security.md, boundary 1): the one sanitiser, and the stream the
// front-end hands every command, against the sequences a hostile reply would carry.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { plainData, plainText } from '../../../plugin/render/plain-text';
import { renderReply } from '../../../plugin/render/render-reply';
import { TextOnlyStream, writeControl } from '../../../plugin/render/text-only-stream';
import { formatTable } from '../../../plugin/render/format-table';

const ESC = '\u001b';

describe('plainText', () => {
  it('removes escape sequences whole (CSI, OSC titles and links, 8-bit CSI, a lone ESC)', () => {
    expect(plainText(`${ESC}[31mred${ESC}[0m`)).toBe('red');
    expect(plainText(`${ESC}[2J${ESC}[Hclean`)).toBe('clean');
    expect(plainText(`${ESC}]0;pwned\u0007title`)).toBe('title');
    expect(plainText(`${ESC}]8;;http://evil${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link');
    expect(plainText('x\u009b31my')).toBe('xy');
    expect(plainText(`end ${ESC}`)).toBe('end ');
  });

  it('shows other controls and bidi overrides; keeps tabs, newlines and Unicode; a CR starts a new line', () => {
    expect(plainText('bell\u0007 nul\u0000 bs\u0008')).toBe('bell\\x07 nul\\x00 bs\\x08');
    expect(plainText('\u202eevil')).toBe('\\u{202e}evil');
    expect(plainText('a\tb\nc é → ✓')).toBe('a\tb\nc é → ✓');
    expect(plainText('fake\rreal\r\nnext')).toBe('fake\nreal\nnext');
  });

  it('is idempotent, and plainData cleans every string of a value, keys included', () => {
    const dirty = `${ESC}[1mx\u0007`;
    expect(plainText(plainText(dirty))).toBe(plainText(dirty));
    expect(plainData({ [dirty]: [dirty, 1, null, { a: dirty }] })).toEqual({
      'x\\x07': ['x\\x07', 1, null, { a: 'x\\x07' }],
    });
  });
});

describe('renderers', () => {
  it('render a hostile reply and table as text (control: the raw reply holds the sequences)', () => {
    const content = `Running 3 services${ESC}[2J${ESC}]0;owned\u0007`;
    expect(content).toContain(`${ESC}[2J`);
    const text = renderReply({ type: 'response', ai_id: 'x', content, intent: 'status', args: {} } as never);
    expect(text).toBe('Running 3 services\n');
    expect(formatTable(['NAME'], [[`web${ESC}[8m`]])).toBe('NAME\nweb\n');
  });

  it('the front-end stream cleans what commands write (bytes split anywhere), and passes our own controls', () => {
    const raw = new PassThrough();
    let seen = '';
    raw.on('data', (d) => {
      seen += d;
    });
    const out = new TextOnlyStream(raw);
    const bytes = Buffer.from(`ok → ${ESC}[31mred\n`);
    out.write(bytes.subarray(0, 5));
    out.write(bytes.subarray(5));
    writeControl(out, `${ESC}[H`);
    expect(seen).toBe(`ok → red\n${ESC}[H`);
  });
});
