// Plain aligned text tables for list views (no borders: they stay readable when piped). Widths are
// terminal columns (string-width): an emoji takes two, a sparkline block or `─` one.
import stringWidth from 'string-width';
import { plainText } from './plain-text';

/** Formats rows under headers, each column padded to its widest cell. */
export function formatTable(headers: string[], rawRows: string[][]): string {
  // Cells hold names and states from containers: text only, measured as shown.
  const rows = rawRows.map((r) => r.map(plainText));
  const widths = headers.map((h, i) => Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** Human size: 1536 → '1.5K', 41943040 → '40M'. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '-';
  const units = ['B', 'K', 'M', 'G', 'T'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)}${units[u]}`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}
