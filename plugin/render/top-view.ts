// The `ci top` screen as text: per CI its health, and per service memory and CPU with sparklines
// drawn from the probe history.
import { formatBytes, formatTable } from './format-table';
import type { HealthHistory } from '../monitor/health-history';
import { sparkline } from './sparkline';

/** Renders the view from the history (pure: the caller decides when to redraw). */
export function renderTop(history: HealthHistory, now: Date, width = 20): string {
  const rows: string[][] = [];
  for (const ci of history.names()) {
    const probes = history.of(ci);
    const last = probes.at(-1);
    if (!last) continue;
    rows.push([
      ci,
      last.health,
      formatBytes(last.memory_bytes),
      sparkline(
        probes.map((p) => p.memory_bytes),
        width,
      ),
      pct(last.cpu_percent),
      sparkline(
        probes.map((p) => p.cpu_percent),
        width,
      ),
    ]);
    for (const s of last.services) {
      const series = probes.map((p) => p.services.find((x) => x.name === s.name) ?? null);
      rows.push([
        `  ${s.name}`,
        `${s.state}/${s.health}`,
        formatBytes(s.memory_bytes),
        sparkline(
          series.map((x) => x?.memory_bytes ?? null),
          width,
        ),
        pct(s.cpu_percent),
        sparkline(
          series.map((x) => x?.cpu_percent ?? null),
          width,
        ),
      ]);
    }
  }
  const head = `ci top - ${now.toISOString().slice(11, 19)} - ${history.names().length} CIs\n`;
  if (!rows.length) return `${head}No container CIs running.\n`;
  return head + formatTable(['CI / SERVICE', 'HEALTH', 'MEM', 'MEM HISTORY', 'CPU', 'CPU HISTORY'], rows);
}

function pct(v: number | null): string {
  return v === null ? '-' : `${v.toFixed(1)}%`;
}
