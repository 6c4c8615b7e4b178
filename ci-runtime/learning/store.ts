// Baselines on disk: one JSON file in the CI's state directory (default /var/lib/tekton-ci),
// written atomically; a damaged one is set aside and learning starts again (state-file.ts).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seriesProblem, type Series } from './series';
import { readStateFile, writeStateFile } from './state-file';

export const BASELINES_FILE = 'baselines.json';
/** Far above what the fixed rollups can reach (~100 KB a metric); anything bigger is not ours. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const FORMAT = 1;

/** service → metric → series */
export type Baselines = Record<string, Record<string, Series>>;

/** What loading found: the baselines and, when the file was set aside, why. */
export interface Loaded {
  baselines: Baselines;
  warning: string | null;
}

/** Checks parsed file content (pure); returns the baselines or a problem. */
export function decodeBaselines(value: unknown, services: string[], metrics: string[]): Baselines | string {
  const v = value as { format?: unknown; services?: unknown } | null;
  if (!v || typeof v !== 'object' || v.format !== FORMAT) return `format is not ${FORMAT}`;
  if (!v.services || typeof v.services !== 'object') return 'services is missing';
  const out: Baselines = {};
  for (const [service, byMetric] of Object.entries(v.services as Record<string, unknown>)) {
    // Services or metrics this image no longer has are dropped, so the file cannot grow with renames.
    if (!services.includes(service)) continue;
    if (!byMetric || typeof byMetric !== 'object') return `services.${service} is not an object`;
    for (const [metric, series] of Object.entries(byMetric as Record<string, unknown>)) {
      if (!metrics.includes(metric)) continue;
      const problem = seriesProblem(series);
      if (problem) return `services.${service}.${metric}: ${problem}`;
      (out[service] ??= {})[metric] = series as Series;
    }
  }
  return out;
}

/** Reads the baselines; sets a damaged file aside. `now` names the set-aside copy. */
export function loadBaselines(dir: string, services: string[], metrics: string[], now: number): Loaded {
  const read = readStateFile({
    dir,
    name: BASELINES_FILE,
    maxBytes: MAX_FILE_BYTES,
    decode: (value) => decodeBaselines(value, services, metrics),
    now,
    what: 'learning',
  });
  return { baselines: read.value ?? {}, warning: read.warning };
}

/** Writes already serialised baselines atomically without blocking (the periodic save). */
export async function saveBaselinesText(dir: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, BASELINES_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}

/** Writes the baselines atomically (temp file, then rename). Throws with the path on failure. */
export function saveBaselines(dir: string, baselines: Baselines): void {
  writeStateFile(dir, BASELINES_FILE, JSON.stringify({ format: FORMAT, services: baselines }));
}
