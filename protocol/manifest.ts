// The manifest (v1): the single source of truth for a build, shared by the plugin (which writes it)
// and the ci-runtime (which reads it inside the container). Shape follows Tekton's packaging design;
// see ../shared/design/ARCHITECTURE.md, contract 1.
import { createHash } from 'node:crypto';
import { writablePathProblems } from './writable-paths';

export const MANIFEST_VERSION = 1 as const;

export type Language =
  | 'python'
  | 'node'
  | 'go'
  | 'rust'
  | 'ruby'
  | 'java'
  | 'php'
  | 'dotnet'
  | 'deno'
  | 'elixir'
  | 'static'
  | 'shell'
  | 'cpp';

/** What a service is, as far as supervision, discovery and probing are concerned. */
export type ServiceKind =
  | 'web' // an HTTP server (FastAPI, Flask, Express, ...)
  | 'worker' // a queue consumer without a port (Celery worker, Sidekiq, ...)
  | 'scheduler' // a periodic job runner (Celery beat, cron)
  | 'redis'
  | 'postgres'
  | 'mysql'
  | 'memcached'
  | 'rabbitmq'
  | 'nginx'
  | 'tcp' // anything else that listens
  | 'process'; // anything else

/** How the CI checks that a service is healthy. */
export type HealthCheck =
  | { kind: 'http'; port: number; path?: string } // path unset: try common health paths, then '/'
  | { kind: 'redis'; port: number }
  | { kind: 'postgres'; port: number }
  | { kind: 'tcp'; port: number }
  | { kind: 'process' }; // alive, and idle/busy from CPU time

export interface Application {
  /** Role of the service; decides probes, replies and which recipes apply. */
  type: ServiceKind;
  language: Language | null;
  /** e.g. 'fastapi', 'flask', 'django', 'celery', 'express', 'redis'. */
  framework: string | null;
  /** The file or module the app starts from, e.g. 'main:app' or 'server.js'. */
  entrypoint: string | null;
  /** Package dependencies the analysis found (names only), e.g. ['fastapi', 'redis']. */
  dependencies: string[];
  build_commands: string[];
  /** argv the CI runs to start the service (exec form, no shell). */
  run_command: string[];
  port: number | null;
  health: HealthCheck | null;
  /** Other applications that must be ready before this one starts. */
  depends_on?: string[];
  /**
   * The container cannot do its job without this service. When it goes FATAL the container reports
   * unhealthy (the CI stays up and answers); it exits only when its container sets `exit_on_fatal`.
   */
  essential?: boolean;
  /** For redis: the data is a cache and may be flushed by the clear-cache recipe. */
  cache?: boolean;
  /**
   * For redis/postgres made by `docker generate`: the CI creates this datastore's password at the
   * container's first start (never in the image). Redis reads `requirepass` on its stdin (its
   * run_command names `-` as its config file); Postgres gets it on its login role before it starts.
   * `${secret:<this application>}` in any application's env stands for it (SECRET_REF).
   */
  generated_password?: boolean;
  env?: Record<string, string>;
  /** Working directory inside the container; default /app. */
  workdir?: string;
  /**
   * Paths the service's user may write (absolute, or relative to `workdir`): made at build time and
   * owned by the app user. The rest of the app folder is root's and read-only to it
   * (protocol/writable-paths.ts).
   */
  writable_paths?: string[];
  /** Run as this user; default the image's app user. 'root' only for services that drop privileges themselves. */
  user?: string;
  /** How the container CI supervises this service; every field is optional (defaults in SUPERVISION_DEFAULTS). */
  supervision?: Supervision;
}

/**
 * Per-service supervision settings (docs in ci-runtime/README.md, "Self-management"). Unset fields
 * take SUPERVISION_DEFAULTS; the CI never needs any of them to run well.
 */
export interface Supervision {
  /** Health probes failing this many times in a row restart the service; 0 never restarts on probes. */
  unhealthy_threshold?: number;
  /** First restart delay; doubles on each failure in a row up to backoff_max_ms. */
  backoff_ms?: number;
  backoff_max_ms?: number;
  /** Restart budget: more than max_restarts restarts within restart_window_s make the service FATAL. */
  max_restarts?: number;
  restart_window_s?: number;
  /** How long this service may take to become ready, and how long it waits for its dependencies. */
  start_timeout_s?: number;
  /** Restart the service when its process tree's memory (RSS) stays above this many MB; unset: no ceiling. */
  max_memory_mb?: number;
  /** SIGTERM to SIGKILL grace when stopping this service (within the container's stop budget). */
  stop_timeout_s?: number;
  /**
   * A run this long is stable: its exit starts a new failure streak, and a service without a port
   * (health by process) is healthy only once its current run has lasted this long.
   */
  stable_after_s?: number;
}

/** Defaults for every Supervision field; max_memory_mb has none (no ceiling). */
export const SUPERVISION_DEFAULTS = {
  unhealthy_threshold: 3,
  backoff_ms: 100,
  backoff_max_ms: 5000,
  max_restarts: 5,
  restart_window_s: 60,
  start_timeout_s: 60,
  stop_timeout_s: 5,
  stable_after_s: 10,
} as const satisfies Required<Omit<Supervision, 'max_memory_mb'>>;

const SUPERVISION_LIMITS: Record<keyof Supervision, [number, number]> = {
  unhealthy_threshold: [0, 1000],
  backoff_ms: [0, 600_000],
  backoff_max_ms: [0, 3_600_000],
  max_restarts: [0, 10_000],
  restart_window_s: [1, 86_400],
  start_timeout_s: [0.1, 86_400],
  max_memory_mb: [1, 1_048_576],
  stop_timeout_s: [0.1, 3600],
  stable_after_s: [0.1, 3600],
};

function supervisionProblems(where: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${where} must be an object`];
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const range = SUPERVISION_LIMITS[key as keyof Supervision];
    if (!range)
      problems.push(
        `${where}.${key} is not a supervision setting (known: ${Object.keys(SUPERVISION_LIMITS).join(', ')})`,
      );
    else if (typeof v !== 'number' || !Number.isFinite(v) || v < range[0] || v > range[1]) {
      problems.push(`${where}.${key} must be a number from ${range[0]} to ${range[1]}, got ${JSON.stringify(v)}`);
    }
  }
  return problems;
}

export interface ContainerSpec {
  base_image: string;
  /** Names of the applications (keys of Manifest.applications) this container runs. */
  applications: string[];
  ports: number[];
  /** '<container>-container-ci' */
  ci_name: string;
  ci_capabilities: string[];
  /** Kubernetes-style resources for the whole container (all services and the CI); defaults when absent. */
  resources?: ContainerResources;
  /**
   * When an essential application goes FATAL: false (the default) keeps the CI up and answering while
   * the container reports unhealthy; true stops the container (exit 1) so a restart policy acts.
   */
  exit_on_fatal?: boolean;
}

/** CPU ('500m', '1') and memory ('256Mi', '1Gi') quantities, as Kubernetes writes them. */
export interface ContainerResources {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

/** The quantity forms accepted for `resources` (a subset of Kubernetes' grammar). */
export const CPU_QUANTITY = /^(\d+m|\d+(\.\d+)?)$/;
export const MEMORY_QUANTITY = /^\d+(Ki|Mi|Gi|Ti|K|M|G|T)?$/;

export interface Manifest {
  manifest_version: typeof MANIFEST_VERSION;
  project: { name: string; repository: string | null };
  applications: Record<string, Application>;
  containers: Record<string, ContainerSpec>;
  packaging: { build_order: string[]; registry: string | null; tagging: 'content-hash' };
  /** Where the app goes after it is built; deployment settings, so not part of the image's hash. */
  lifecycle?: Lifecycle;
}

/** Where a stage runs: one engine (containers) or a Swarm (a service on its manager). */
export interface LifecycleSite {
  kind: 'engine' | 'swarm';
  /** The engine: a DOCKER_HOST value (unix://, tcp://, ssh://); unset: the local one. */
  docker_host?: string;
  /** The registry as this site's engine reaches it, when it differs from the one pushed to. */
  pull_registry?: string;
  /** Swarm: the engines of its nodes (DOCKER_HOST values), to reach the CIs of tasks placed there. */
  node_hosts?: string[];
}

/** One stage: where it runs, with what, and the rule that lets a version in. */
export interface LifecycleStage {
  name: string;
  site: LifecycleSite;
  env?: Record<string, string>;
  replicas?: number;
  /** automatic: any version that ran in the stage before; ci-approved: every container CI of the
   * stage before was healthy, with no restart or anomaly, for soak_seconds; manual: a person says yes. */
  rule: 'automatic' | 'ci-approved' | 'manual';
  soak_seconds?: number;
  /** Swarm sites: how long each new task is watched for failure, and the health check cadence. */
  rolling?: { monitor_seconds?: number; health_interval_seconds?: number };
}

/** The stages in order (dev → test → pre-deploy → stage → prod by default). */
export interface Lifecycle {
  stages: LifecycleStage[];
}

/** JSON with object keys sorted at every level, so equal manifests serialise to equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** SHA-256 of the canonical manifest followed by a digest of the packaged sources. */
export function manifestHash(manifest: Manifest, sourcesDigest = ''): string {
  // The lifecycle says where the image goes, not what it is: changing it must not change the image.
  const { lifecycle: _where, ...what } = manifest;
  return createHash('sha256').update(canonicalJson(what)).update('\n').update(sourcesDigest).digest('hex');
}

/** '<container>-container-ci' */
export function ciNameFor(containerName: string): string {
  return `${containerName}-container-ci`;
}

/**
 * The one name of a running container's CI: the manifest's `ci_name` when the user set one (it
 * differs from the default for the manifest's container), else `<container name>-container-ci`.
 * `ergon run`, the container label, the registry, Hermes and the CI itself all take it from here.
 */
export function resolveCiName(
  containerName: string,
  manifest: { container?: string | null; ciName?: string | null } = {},
): string {
  const { container, ciName } = manifest;
  if (ciName && container && ciName !== ciNameFor(container)) return ciName;
  return ciNameFor(containerName);
}

/** `${secret:<application>}` in an env value: that datastore's generated password, filled in by the CI. */
export const SECRET_REF = /\$\{secret:([A-Za-z0-9][A-Za-z0-9_.-]*)\}/g;

/** Checks the shape of an untrusted manifest; returns the problems found (empty when valid). */
export function validateManifest(value: unknown): string[] {
  const problems: string[] = [];
  const m = value as Partial<Manifest> | null;
  if (!m || typeof m !== 'object') return ['manifest is not a JSON object'];
  if (m.manifest_version !== MANIFEST_VERSION)
    problems.push(`manifest_version must be ${MANIFEST_VERSION}, got ${String(m.manifest_version)}`);
  if (!m.project || typeof m.project.name !== 'string' || !m.project.name) problems.push('project.name is missing');
  if (!m.applications || typeof m.applications !== 'object') problems.push('applications is missing');
  if (!m.containers || typeof m.containers !== 'object') problems.push('containers is missing');
  for (const [name, app] of Object.entries(m.applications ?? {})) {
    if (!Array.isArray(app.run_command) || app.run_command.some((a) => typeof a !== 'string')) {
      problems.push(`applications.${name}.run_command must be an array of strings`);
    }
    problems.push(...supervisionProblems(`applications.${name}.supervision`, app.supervision));
    problems.push(...writablePathProblems(`applications.${name}.writable_paths`, app.writable_paths, app.workdir));
    for (const dep of app.depends_on ?? []) {
      if (!m.applications?.[dep]) problems.push(`applications.${name}.depends_on names unknown application '${dep}'`);
    }
    for (const [key, text] of Object.entries(app.env ?? {})) {
      for (const [, ref] of String(text).matchAll(SECRET_REF)) {
        if (!m.applications?.[ref!]?.generated_password)
          problems.push(
            `applications.${name}.env.${key} names \${secret:${ref}}, but '${ref}' is no application with generated_password`,
          );
      }
    }
  }
  for (const [name, c] of Object.entries(m.containers ?? {})) {
    for (const a of c.applications ?? []) {
      if (!m.applications?.[a]) problems.push(`containers.${name}.applications names unknown application '${a}'`);
    }
    problems.push(...resourceProblems(`containers.${name}.resources`, c.resources));
    if (c.exit_on_fatal !== undefined && typeof c.exit_on_fatal !== 'boolean')
      problems.push(`containers.${name}.exit_on_fatal must be true or false, got ${JSON.stringify(c.exit_on_fatal)}`);
  }
  return problems;
}

// Quantities Kubernetes would reject are reported here, before an export writes them.
function resourceProblems(where: string, resources: ContainerResources | undefined): string[] {
  if (resources === undefined) return [];
  if (!resources || typeof resources !== 'object') return [`${where} must be an object with requests and/or limits`];
  const problems: string[] = [];
  for (const side of ['requests', 'limits'] as const) {
    const q = resources[side];
    if (q === undefined) continue;
    if (typeof q?.cpu === 'string' ? !CPU_QUANTITY.test(q.cpu) : q?.cpu !== undefined)
      problems.push(`${where}.${side}.cpu must be like '250m' or '1', got ${JSON.stringify(q.cpu)}`);
    if (typeof q?.memory === 'string' ? !MEMORY_QUANTITY.test(q.memory) : q?.memory !== undefined)
      problems.push(`${where}.${side}.memory must be like '256Mi' or '1Gi', got ${JSON.stringify(q.memory)}`);
  }
  return problems;
}
