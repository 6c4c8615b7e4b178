// Container-CI rows in `tekton status`, in Tekton's own shape and vocabulary (TEKTON.md, `tekton
// status`): the table columns Component | Port | Status | Version | CI Status | Response | Reg,
// and the --json document {system:{total_components, healthy_components, ...}, components:[...]}.
// Pure: rows and Tekton's output in, text out.
import type { StatusRow } from '../plugin-api';

/** Tekton's status icons. */
export const STATUS_ICONS: Readonly<Record<StatusRow['status'], string>> = {
  healthy: '✅ healthy',
  unhealthy: '❌ unhealthy',
  not_running: '⭕ not_running',
  timeout: '⏱️ timeout',
  error: '⚠️ error',
  starting: '🟡 starting',
};

/** One row as a component of Tekton's --json output. */
export function rowAsComponent(row: StatusRow): Record<string, unknown> {
  return {
    name: row.name,
    port: row.port,
    status: row.status,
    version: row.version,
    ci_status: row.ci_status,
    response_time: row.response_time,
    memory_mb: row.memory_mb,
    cpu_percent: row.cpu_percent,
    registered_with_hermes: row.registered_with_hermes,
    type: 'container-ci',
  };
}

/**
 * Tekton's --json document with our rows added to `components` and counted in `system`.
 * `tektonJson` null (Tekton absent): a document of our rows alone. Throws when Tekton's output is
 * not the JSON object we expect, so the caller can print it unchanged.
 */
export function mergeStatusJson(tektonJson: string | null, rows: StatusRow[]): Record<string, unknown> {
  const doc = tektonJson === null ? { system: {}, components: [] } : (JSON.parse(tektonJson) as unknown);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('Tekton\'s status JSON is not an object');
  const out = { ...(doc as Record<string, unknown>) };
  const components = Array.isArray(out.components) ? [...(out.components as unknown[])] : [];
  components.push(...rows.map(rowAsComponent));
  const system = { ...((out.system as Record<string, unknown> | undefined) ?? {}) };
  const healthy = rows.filter((r) => r.status === 'healthy').length;
  system.total_components = num(system.total_components) + rows.length;
  system.healthy_components = num(system.healthy_components) + healthy;
  system.container_cis = rows.length;
  out.system = system;
  out.components = components;
  return out;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

const HEADERS = ['Component', 'Port', 'Status', 'Version', 'CI Status', 'Response', 'Reg'];

/** Our rows as a text table with Tekton's columns, under a heading; '' when there are none. */
export function formatStatusTable(rows: StatusRow[]): string {
  if (!rows.length) return '';
  const cells = rows.map((r) => [
    r.name,
    r.port === null ? '-' : String(r.port),
    STATUS_ICONS[r.status] ?? r.status,
    r.version ?? '-',
    r.ci_status,
    r.response_time === null ? '-' : `${r.response_time.toFixed(3)}s`,
    r.registered_with_hermes ? '✅' : '❌',
  ]);
  const widths = HEADERS.map((h, i) => Math.max(displayWidth(h), ...cells.map((c) => displayWidth(c[i]!))));
  const line = (c: string[]) => c.map((v, i) => v + ' '.repeat(widths[i]! - displayWidth(v))).join(' | ').trimEnd();
  return ['', `Container CIs (${rows.length})`, line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)].join('\n') + '\n';
}

// Emoji take two columns in a terminal; variation selectors take none.
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0xfe0f || cp === 0x200d) continue;
    width += cp >= 0x2300 ? 2 : 1;
  }
  return width;
}
