// What a recipe author sees: the module shape a recipe exports and the `ctx` it receives inside
// the sandbox. Everything crossing `ctx` is plain JSON data; every call is validated by the CI.
import type { ContainerMetrics, ServiceStatus } from '../../protocol';
import type { Risk } from '../../protocol';

/** A parameter a recipe accepts; values arrive validated and defaulted. */
export interface RecipeParamSpec {
  type: 'string' | 'number' | 'boolean';
  description?: string;
  default?: string | number | boolean;
}

/** Metadata of a recipe: what it is, how risky, which phrases ask for it. */
export interface RecipeMeta {
  name: string;
  description: string;
  risk: Risk;
  phrases: string[];
  params: Record<string, RecipeParamSpec>;
  /** Service kinds (manifest `type`) the recipe is about; empty = any container. */
  applies_to: string[];
  /** Time limit in seconds (default 30, at most 300). */
  timeout_s?: number;
}

/** Reply of a Redis command as plain data (errors reject). */
export type RedisReply = string | number | null | RedisReply[];

/** Figures of one service's process tree, read fresh from /proc. */
export interface ProcessMemory {
  service: string;
  pid: number | null;
  /** Number of processes in the tree (a Celery prefork master plus its children). */
  processes: number;
  rss_bytes: number;
}

/** CPU throttling counters of the container's cgroup. */
export interface CpuThrottling {
  cgroup: 'v1' | 'v2' | null;
  periods: number | null;
  throttled_periods: number | null;
  throttled_ms: number | null;
  /** CPUs allowed by the quota, null when unlimited. */
  quota_cpus: number | null;
}

/** Usage of the file system holding a path. */
export interface DiskInfo {
  path: string;
  total_bytes: number;
  free_bytes: number;
  used_bytes: number;
  used_percent: number;
}

/** The only power a recipe has. */
export interface RecipeContext {
  /** Validated parameters (also passed as run's second argument). */
  params: Record<string, string | number | boolean>;
  /** True in a dry run: actions are recorded, not executed; reads are real. */
  dryRun: boolean;
  services(): Promise<ServiceStatus[]>;
  container(): Promise<ContainerMetrics>;
  /** Declared applications of the manifest (type, port, cache flag). */
  manifest(): Promise<Record<string, { type: string; port: number | null; cache?: boolean; framework: string | null }>>;
  /** Fresh RSS of a service's process tree. */
  memory(service: string): Promise<ProcessMemory>;
  cpuThrottling(): Promise<CpuThrottling>;
  restart(service: string): Promise<{ ok: boolean; detail: string }>;
  logs(service: string, lines: number): Promise<string[]>;
  redis(service: string, ...args: string[]): Promise<RedisReply>;
  postgres(service: string, sql: string): Promise<{ columns: string[]; rows: (string | null)[][] }>;
  http(service: string, path: string): Promise<{ status: number; latency_ms: number; body: string }>;
  disk(path: string): Promise<DiskInfo>;
  /** Waits (at most 10 s per call), e.g. to let memory settle before measuring again. */
  sleep(ms: number): Promise<void>;
  /** Adds a line to the run's steps. */
  log(text: string): void;
}

/** What `run` may return: a summary line, or a summary with data. */
export type RecipeOutcome = string | { summary: string; data?: unknown };

/** The module a recipe file exports (`module.exports = {...}` or `export default {...}`). */
export interface RecipeModule extends RecipeMeta {
  run(ctx: RecipeContext, params: Record<string, string | number | boolean>): Promise<RecipeOutcome>;
}
