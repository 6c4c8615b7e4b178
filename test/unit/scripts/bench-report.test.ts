import { describe, expect, it } from 'vitest';
import { markdownTable, percentile, renderSection, replaceSection } from '../../../scripts/bench/report';

// The benchmarks' report writer: pure text, so the three benchmarks write their sections alike.
const DOC = '# Benchmarks\n\nIntro.\n\n## Container CI\n\nold ci\n\n## Host\n\nold host\n\n## Docker\n\nold docker\n';

describe('benchmark report', () => {
  it('replaces only its own section, first, middle or last, keeping the blank line between sections', () => {
    expect(replaceSection(DOC, 'Host', '## Host\n\nnew host\n')).toBe(DOC.replace('old host', 'new host'));
    expect(replaceSection(DOC, 'Container CI', '## Container CI\n\nnew ci\n')).toBe(DOC.replace('old ci', 'new ci'));
    expect(replaceSection(DOC, 'Docker', '## Docker\n\nnew docker\n')).toBe(DOC.replace('old docker', 'new docker'));
  });

  it('appends a section the document does not have yet, and does not take a longer title for it', () => {
    expect(replaceSection('# Benchmarks\n', 'Host', '## Host\n\nx\n')).toBe('# Benchmarks\n\n## Host\n\nx\n');
    expect(replaceSection('## Hosting\n\ny\n', 'Host', '## Host\n\nx\n')).toBe('## Hosting\n\ny\n\n## Host\n\nx\n');
  });

  it('renders the heading, who measured where and when, the notes and the table', () => {
    const text = renderSection(
      {
        title: 'Host',
        script: 'bench:host',
        notes: ['Setup.', 'Targets.'],
        third: 'spread',
        rows: [['one-shot', 'p50 90 ms', 'max 120 ms']],
      },
      new Date('2026-01-02T03:04:05Z'),
      '2 × CPU',
    );
    expect(text).toBe(
      [
        '## Host',
        '',
        'Measured 2026-01-02 03:04 UTC by `npm run bench:host` on 2 × CPU, while other work shared the machine.',
        'Setup.',
        'Targets.',
        '',
        '| measure | figure | spread |',
        '|---|---|---|',
        '| one-shot | p50 90 ms | max 120 ms |',
        '',
      ].join('\n'),
    );
    expect(markdownTable([], 'notes')).toBe('| measure | figure | notes |\n|---|---|---|');
  });

  it('takes the nearest-rank percentile', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 90)).toBe(9);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile([7], 0)).toBe(7);
  });
});
