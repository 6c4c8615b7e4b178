// Sparklines for `ci top`: values → block characters scaled to the series' own range.
const BLOCKS = '▁▂▃▄▅▆▇█';

/** One character per value; nulls are spaces; a flat series is drawn at the bottom. */
export function sparkline(values: (number | null)[], width = values.length): string {
  const tail = values.slice(-width);
  const nums = tail.filter((v): v is number => v !== null);
  if (!nums.length) return ' '.repeat(tail.length);
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  const span = max - min;
  return tail
    .map((v) => {
      if (v === null) return ' ';
      const i = span === 0 ? 0 : Math.round(((v - min) / span) * (BLOCKS.length - 1));
      return BLOCKS[i];
    })
    .join('');
}
