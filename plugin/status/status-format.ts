// `tekton status` output: the table `Component | Port | Status | Version | CI Status | Response | Reg`
// and the JSON document {system, components}, both Tekton's shape.
import type { StatusRow } from '../plugin-api';
import { formatTable } from '../render/format-table';
import { STATUS_EMOJI } from './status-rows';

/** A component of Tekton's JSON: our rows, or Tekton's own (kept as they came). */
export type StatusComponent = StatusRow | (Record<string, unknown> & { name: string; status: string });

/** The table (pure). */
export function formatStatusTable(rows: StatusComponent[]): string {
  return formatTable(
    ['Component', 'Port', 'Status', 'Version', 'CI Status', 'Response', 'Reg'],
    rows.map((r) => {
      const row = r as Partial<StatusRow> & { name: string; status: string; ai_status?: string | null };
      const emoji = STATUS_EMOJI[row.status as StatusRow['status']] ?? '';
      return [
        // Tekton's columns are fixed: a CI on another engine (a Swarm node) says where in its name cell.
        row.node ? `${row.name} @${row.node}` : row.name,
        row.port == null ? '-' : String(row.port),
        `${emoji} ${row.status}`.trim(),
        row.version ?? '-',
        row.ci_status ?? row.ai_status ?? '-',
        row.response_time == null ? '-' : `${Number(row.response_time).toFixed(3)}s`,
        // As in Tekton's own table: Hermes is its own registry.
        row.name.toLowerCase() === 'hermes' ? '♻️' : row.registered_with_hermes ? '✅' : '❌',
      ];
    }),
  );
}

/** The JSON document (pure); `extraSystem` carries Tekton's own system fields when merged. */
export function statusJson(rows: StatusComponent[], now: Date, extraSystem: Record<string, unknown> = {}) {
  const healthy = rows.filter((r) => r.status === 'healthy').length;
  return {
    system: {
      ...extraSystem,
      total_components: rows.length,
      healthy_components: healthy,
      container_cis: rows.filter((r) => String(r.name).endsWith('-container-ci')).length,
      timestamp: now.toISOString(),
    },
    components: rows,
  };
}
