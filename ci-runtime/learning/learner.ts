// The CI's memory of its container: folds every monitor round into per-service baselines, keeps
// them on disk across restarts (saved every few minutes and at shutdown), flags anomalies as
// events, and answers "what changed?" and "anything unusual?". Never throws into the CI.
import type { Anomaly, CiEvent } from '../../protocol';
import { baselineOf, DEFAULT_ANOMALY, judge, type AnomalyOptions, type Baseline, type ServiceFacts } from './anomalies';
import { changesText, metricChanges, plural } from './changes';
import { METRIC_NAMES, METRICS } from './metrics';
import type { Sample } from './sample';
import { addSample, emptySeries } from './series';
import { loadBaselines, saveBaselines, saveBaselinesText, type Baselines } from './store';

/** What the learner needs; all passed in (tests drive `now`). */
export interface LearnerDeps {
  dir: string;
  services: ServiceFacts[];
  now: () => number;
  /** Publishes anomaly / anomaly_cleared events. */
  publish: (e: Omit<CiEvent, 'at'>) => void;
  warn: (line: string) => void;
  /** Recipes installed here; suggestions name only these. Absent: every suggestion stands. */
  recipes?: () => string[] | null;
  saveEveryMs?: number;
  /** Anomalies are judged at most this often (they move by the minute). */
  judgeEveryMs?: number;
  options?: AnomalyOptions;
}

/** Baselines, anomalies and their persistence. */
export class Learner {
  private baselines: Baselines;
  private active = new Map<string, Anomaly>();
  private lastSave: number;
  private lastJudged = -Infinity;
  private saveFailed = false;
  private saving: Promise<void> | null = null;
  /** Baseline medians by service/metric, recomputed once a minute (a sort of up to 1440 values each). */
  private readonly baselineCache = new Map<string, { at: number; value: Baseline }>();

  constructor(private readonly deps: LearnerDeps) {
    const loaded = loadBaselines(
      deps.dir,
      deps.services.map((s) => s.name),
      METRIC_NAMES,
      deps.now(),
    );
    if (loaded.warning) deps.warn(loaded.warning);
    this.baselines = loaded.baselines;
    this.lastSave = deps.now();
  }

  /** Folds one round of samples in (service → figures), re-judges anomalies, saves when due. */
  observe(samples: Map<string, Sample>): void {
    const now = this.deps.now();
    for (const [service, sample] of samples) {
      if (!this.deps.services.some((s) => s.name === service)) continue;
      for (const [metric, value] of Object.entries(sample)) {
        if (!METRIC_NAMES.includes(metric)) continue;
        const byMetric = (this.baselines[service] ??= {});
        addSample((byMetric[metric] ??= emptySeries()), now, value);
      }
    }
    if (now - this.lastJudged >= (this.deps.judgeEveryMs ?? 10_000)) this.judgeAll(now);
    if (now - this.lastSave >= (this.deps.saveEveryMs ?? 300_000)) void this.saveInSlices();
  }

  /** Current anomalies, all or of one service. */
  anomalies(service?: string): Anomaly[] {
    return [...this.active.values()].filter((a) => service === undefined || a.service === service);
  }

  /** Answer to "anything unusual?", about every service or the one named. */
  unusualText(service?: string): string {
    const list = this.anomalies(service);
    if (list.length) {
      const line = (a: Anomaly) =>
        `  ${a.text}${a.suggest ? `; the ${a.suggest} recipe may help (ask me to run it)` : ''}`;
      return `Unusual right now:\n${list.map(line).join('\n')}`;
    }
    const since = this.learningSince();
    const minutes = since === null ? 0 : Math.round((this.deps.now() - since) / 60_000);
    const need = this.options().minHistoryMinutes;
    if (minutes < need) {
      const learned = plural(minutes, 'minute');
      return `Nothing unusual that I can tell yet: I have learned this container for ${learned} and judge after ${need}.`;
    }
    return `Nothing unusual: every figure I learn is within ${this.options().factor}× of its usual level.`;
  }

  /** Answer to "what changed?"; `supervision` says what the supervisor did (failure-record.ts). */
  changesText(supervision: string[]): string {
    const now = this.deps.now();
    const moved = metricChanges(this.baselines, this.deps.services, now);
    return changesText(moved, supervision, this.learningSince(), now);
  }

  /** Writes the baselines now (also at shutdown). Never throws; one warning per failing streak. */
  save(): void {
    this.lastSave = this.deps.now();
    try {
      saveBaselines(this.deps.dir, this.baselines);
      this.saveFailed = false;
    } catch (err) {
      this.saveFailedWith(err as Error);
    }
  }

  /**
   * The periodic save: the file (megabytes at full size) is serialised one series at a time with a
   * turn of the event loop between, so no slice holds requests up for more than a few ms.
   */
  saveInSlices(): Promise<void> {
    this.saving ??= this.writeInSlices().finally(() => {
      this.saving = null;
    });
    return this.saving;
  }

  private async writeInSlices(): Promise<void> {
    this.lastSave = this.deps.now();
    try {
      const parts: string[] = [];
      for (const [service, byMetric] of Object.entries(this.baselines)) {
        const metrics: string[] = [];
        for (const [metric, series] of Object.entries(byMetric)) {
          metrics.push(`${JSON.stringify(metric)}:${JSON.stringify(series)}`);
          await new Promise((r) => setImmediate(r));
        }
        parts.push(`${JSON.stringify(service)}:{${metrics.join(',')}}`);
      }
      await saveBaselinesText(this.deps.dir, `{"format":1,"services":{${parts.join(',')}}}`);
      this.saveFailed = false;
    } catch (err) {
      this.saveFailedWith(err as Error);
    }
  }

  private saveFailedWith(err: Error): void {
    if (!this.saveFailed) {
      this.deps.warn(`cannot keep baselines in ${this.deps.dir} (${err.message}); learning continues in memory`);
    }
    this.saveFailed = true;
  }

  private options(): AnomalyOptions {
    return this.deps.options ?? DEFAULT_ANOMALY;
  }

  /** Time of the oldest sample kept, or null. */
  learningSince(): number | null {
    let first: number | null = null;
    for (const byMetric of Object.values(this.baselines)) {
      for (const s of Object.values(byMetric)) {
        const t = s.minutes[0]?.[0] ?? s.hours[0]?.[0];
        if (t !== undefined && (first === null || t < first)) first = t;
      }
    }
    return first;
  }

  private judgeAll(now: number): void {
    this.lastJudged = now;
    const installed = this.deps.recipes?.() ?? null;
    const next = new Map<string, Anomaly>();
    for (const svc of this.deps.services) {
      for (const [metric, series] of Object.entries(this.baselines[svc.name] ?? {})) {
        const key = `${svc.name}/${metric}`;
        let cached = this.baselineCache.get(key);
        if (!cached || now - cached.at >= 60_000 || now < cached.at) {
          cached = { at: now, value: baselineOf(series, now, this.options(), METRICS[metric]?.sum) };
          this.baselineCache.set(key, cached);
        }
        const a = judge(svc, metric, series, now, this.deps.options, cached.value);
        if (!a) continue;
        if (a.suggest && installed && !installed.includes(a.suggest)) delete a.suggest;
        next.set(`${svc.name}/${metric}`, a);
      }
    }
    for (const [key, a] of next) {
      if (this.active.has(key)) continue;
      const detail = a.text + (a.suggest ? ` (suggest: ${a.suggest})` : '');
      this.deps.publish({ kind: 'anomaly', service: a.service, detail });
    }
    for (const [key, a] of this.active) {
      if (next.has(key)) continue;
      const detail = `${a.service} ${a.metric} is back to its usual level`;
      this.deps.publish({ kind: 'anomaly_cleared', service: a.service, detail });
    }
    this.active = next;
  }
}
