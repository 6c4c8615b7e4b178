import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { formatTable } from '../../../plugin/render/format-table';
import { renderTop } from '../../../plugin/render/top-view';
import { HealthHistory } from '../../../plugin/monitor/health-history';
import { probe } from './fixtures/ci-entry';

// Columns are measured in terminal columns: a cell after a sparkline, a `─` or an emoji starts where
// the same cell of a plain row starts.

/** The terminal column where each cell of a line starts (cells are separated by two or more spaces). */
function cellColumns(line: string): number[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => stringWidth(line.slice(0, m.index)));
}

describe('text tables', () => {
  it('counts sparkline blocks and box-drawing lines as one column, emoji as two', () => {
    const text = formatTable(
      ['A', 'B', 'C'],
      [
        ['▁▂▃▄', 'x1', 'end'],
        ['────', 'x2', 'end'],
        ['✅ ok', 'x3', 'end'],
        ['abcd', 'x4', 'end'],
      ],
    );
    const lines = text.trimEnd().split('\n');
    // The widest first cell is '✅ ok': five columns, then two spaces.
    for (const line of lines) expect(cellColumns(line), line).toEqual([0, 7, 11]);
    expect(lines[1]).toBe('▁▂▃▄   x1  end');
    expect(lines[2]).toBe('────   x2  end');
    expect(lines[3]).toBe('✅ ok  x3  end');
  });

  it('keeps the ci top columns straight whatever the sparklines hold', () => {
    const history = new HealthHistory(30);
    const service = {
      name: 'redis',
      kind: 'redis',
      label: 'Redis',
      state: 'running' as const,
      health: 'healthy' as const,
      pid: 1,
      ports: [],
      memory_bytes: 4 << 20,
      cpu_percent: 0.5,
      restarts: 0,
      uptime_s: 5,
    };
    for (let i = 0; i < 8; i++) {
      history.add(
        probe({
          memory_bytes: (40 + i * 5) << 20,
          cpu_percent: i,
          services: [{ ...service, memory_bytes: (4 + i) << 20 }],
        }),
      );
      history.add(probe({ ci_name: 'db-container-ci', memory_bytes: 900 << 20, cpu_percent: 12.5 - i }));
    }
    const lines = renderTop(history, new Date(0)).trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/▁.*█/);
    const header = cellColumns(lines[0]!);
    expect(header).toHaveLength(6);
    for (const line of lines.slice(1)) expect(cellColumns(line).slice(1), line).toEqual(header.slice(1));
  });
});
