// The CI wire protocol (ARCHITECTURE.md, contract 2): newline-delimited JSON over a Unix socket or
// TCP. A superset of Tekton's specialist protocol (chat, ping, health, info), so Tekton's own tools
// can talk to a container CI. Every reply echoes the request's `id` (a string or a finite number)
// when one was sent; errors are replies, never a dropped connection. A client may end its side after
// its requests (a last line without a newline counts) and still gets every reply it is owed, as fast
// as it reads them; one that reads nothing for 30 s is cut (ci-runtime/server/connection.ts).
import type { ControlAction, IntentArgs, IntentName, Risk } from './intents';

export const PROTOCOL_VERSION = 1;
/** Longer lines are answered with an error (code 'too_large') and discarded. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Chat and parse content above this many bytes is refused (code 'too_large') before parsing. */
export const MAX_CHAT_BYTES = 4 * 1024;

interface Base {
  id?: string | number /** Required on every request but ping. */;
  token?: string;
}

export type Request =
  | (Base & { type: 'ping' })
  | (Base & { type: 'health' })
  | (Base & { type: 'info' })
  | (Base & {
      type: 'chat';
      content: string /** A confirmation token from an earlier 'confirm' reply. */;
      confirm?: string;
      sender?: string;
    })
  | (Base & { type: 'status' })
  | (Base & { type: 'services' })
  | (Base & { type: 'parse'; content: string })
  | (Base & { type: 'recipes' })
  | (Base & {
      type: 'run';
      recipe: string;
      params?: Record<string, unknown>;
      dry_run?: boolean;
      confirm?: string;
      sender?: string;
    })
  /** Restart, stop or start one supervised service; needs a confirmation token like a control recipe. */
  | (Base & {
      type: 'control';
      action: ControlAction;
      service: string;
      reason?: string;
      confirm?: string;
      sender?: string;
    })
  /** What this CI can do: intents, recipes with their phrases and params, peers, services. */
  | (Base & { type: 'catalogue' })
  | (Base & { type: 'logs'; service?: string; lines?: number })
  | (Base & { type: 'events' })
  | (Base & { type: 'audit'; lines?: number })
  /** Adds (or replaces) a user recipe: the recipe file's text (see docs/recipes.md). */
  | (Base & { type: 'recipe_add'; source: string; sender?: string });

export type RequestType = Request['type'];

export type HealthState = 'healthy' | 'degraded' | 'unhealthy' | 'starting';
export type ServiceState = 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped' | 'fatal';

export interface ServiceStatus {
  name: string;
  kind: string;
  /** Human label, e.g. 'FastAPI', 'Redis', 'Celery'. */
  label: string;
  state: ServiceState;
  health: HealthState;
  /** Workers: 'idle' or 'busy' from CPU time; others omit it. */
  activity?: 'idle' | 'busy';
  pid: number | null;
  ports: number[];
  memory_bytes: number | null;
  cpu_percent: number | null;
  restarts: number;
  uptime_s: number | null;
  /** Last probe: what was checked and how long it took. */
  probe?: { detail: string; latency_ms: number | null; at: string };
  /** The CI's self-management of this service: failure counts, budget, last action. */
  supervision?: SupervisionStatus;
  /** What the CI's learned baselines find unusual now ("memory 3.1× its 24-hour median since 14:02"). */
  anomalies?: Anomaly[];
  /** How its last failed run ended, with the lines that name the error (since the CI started). */
  last_failure?: RunFailure;
}

/** One run of a service that ended without being asked to (ServiceStatus.last_failure). */
export interface RunFailure {
  /** Which run: 1 is the service's first start by this CI, each restart adds one. */
  run: number;
  at: string;
  /** 'exit code 1', 'killed by SIGKILL', or 'restarted by the CI: <why>'. */
  exit: string;
  exit_code: number | null;
  signal: string | null;
  /** The line that names the error (a traceback's last line, an Error/FATAL/panic line, else the run's last line); null when the run printed nothing. */
  error: string | null;
  /** That line with the lines that locate it (a traceback's last frame), at most 5, oldest first. */
  error_lines: string[];
}

/** Supervision state of one service (ServiceStatus.supervision; also sent in Hermes heartbeats). */
export interface SupervisionStatus {
  /** Exits or forced restarts in a row (the backoff streak). */
  failures: number;
  /** Health probes failed in a row, and how many restart it. */
  probe_failures: number;
  unhealthy_threshold: number;
  /** Restarts within the budget window, and the budget. */
  restarts_in_window: number;
  max_restarts: number;
  window_s: number;
  max_memory_mb: number | null;
  /** When the next automatic restart is due (state 'backoff'). */
  next_restart_at?: string;
  /** The CI's last self-management step, e.g. 'restarted: 3 health probes failed in a row'. */
  last_action?: string;
  /** Dependencies it is waiting for before starting. */
  waiting_for?: string[];
  /** Dependencies that are FATAL: the service is held (not started, not restarted) until they run again. */
  held_by?: string[];
  /** Restarted by the CI within the window and not healthy since (in backoff, or its new run not proven yet). */
  restarting?: boolean;
}

/** A metric away from its learned baseline. */
export interface Anomaly {
  service: string;
  metric: string;
  /** Current value and the baseline median, in the metric's unit. */
  value: number;
  baseline: number;
  unit: string;
  /** value / baseline. */
  ratio: number;
  since: string;
  /** The sentence shown to people. */
  text: string;
  /** A recipe that fits (suggested, never run by the CI). */
  suggest?: string;
}

export interface ContainerMetrics {
  memory_bytes: number | null;
  memory_limit_bytes: number | null;
  cpu_percent: number | null;
  cgroup: 'v1' | 'v2' | null;
  uptime_s: number;
}

export interface RecipeInfo {
  name: string;
  description: string;
  risk: Risk;
  phrases: string[];
  params: Record<string, { type: 'string' | 'number' | 'boolean'; description?: string; default?: unknown }>;
  applies_to: string[];
  source: 'builtin' | 'project' | 'user';
}

export interface CiEvent {
  at: string;
  kind:
    | 'service_started'
    | 'service_exited'
    | 'service_fatal'
    | 'health_changed'
    | 'recipe_run'
    | 'ci_started'
    | 'ci_stopping'
    /** Self-management: waiting for dependencies, a forced restart (probe or memory), a backoff wait. */
    | 'service_waiting'
    | 'service_recovering'
    | 'service_backoff'
    /** Learning: a metric left its baseline, or came back. */
    | 'anomaly'
    | 'anomaly_cleared';
  service?: string;
  detail: string;
  health?: HealthState;
}

interface ReplyBase {
  id?: string | number;
  ai_id: string;
}

/** Sent when a control or destructive action needs the client's confirmation. */
export interface ConfirmationRequest {
  /** Send this back as `confirm` to go ahead; it expires and is single-use. */
  token: string;
  /** The question to show, naming the target for destructive actions. */
  prompt: string;
  risk: Risk;
  expires_at: string;
  /** What the action acts on (a service, a recipe's service, a peer): destructive ones must be typed back. */
  target: string;
  /** What is confirmed: 'restart', 'stop', 'start', 'ask-peer' or 'recipe:<name>'. */
  action: string;
}

/** The catalogue reply: everything the CI understands (ci-runtime/intents/catalogue.ts). */
export interface Catalogue {
  intents: Array<{ name: IntentName; risk: Risk; summary: string; examples: string[] }>;
  recipes: Array<{ name: string; risk: Risk; description: string; phrases: string[]; params: string[] }>;
  peers: string[];
  services: Array<{ name: string; label: string; kind: string }>;
}

/** How the CI and its recipe worker are kept apart from the app, as `info` and `status` report it. */
export interface Isolation {
  /** The Node release the CI and the recipe worker run on. */
  node: string;
  /** The CI's own UID and GID. */
  uid: number;
  gid: number;
  /** True when the CI runs as root and so can give each service and the worker their own user. */
  root: boolean;
  /** Services run as their configured user (else as the CI's user). */
  services_drop_privileges: boolean;
  /** The recipe worker's UID; equal to `uid` when it could not be separated. */
  worker_uid: number;
  /** The worker runs under Node's permission model (reads only its script, no processes). */
  worker_permission_model: boolean;
  /** The worker may open sockets (false: Node's permission model denies it the network); absent from older CIs. */
  worker_network?: boolean;
  /** What is weaker than the default and why; empty when nothing is. */
  notes: string[];
}

export type Reply =
  | (ReplyBase & { type: 'pong'; timestamp: string })
  | (ReplyBase & {
      type: 'health_response';
      status: HealthState;
      component: string;
      model: string | null;
      clients: number;
      services: ServiceStatus[];
    })
  | (ReplyBase & {
      type: 'info_response';
      component: string;
      description: string;
      model_provider: string | null;
      model_name: string | null;
      port: number | null;
      version: string;
      protocol_version: number;
      capabilities: string[];
      isolation?: Isolation;
    })
  | (ReplyBase & {
      type: 'response';
      content: string;
      intent: IntentName;
      args: IntentArgs;
      data?: unknown;
      confirm?: ConfirmationRequest;
    })
  | (ReplyBase & {
      type: 'status_response';
      summary: string;
      services: ServiceStatus[];
      container: ContainerMetrics;
      isolation?: Isolation;
    })
  | (ReplyBase & {
      type: 'services_response';
      declared: string[];
      discovered: DiscoveredService[];
      mismatches: string[];
    })
  | (ReplyBase & {
      type: 'parse_response';
      intent: IntentName;
      args: IntentArgs;
      risk: Risk;
      confidence: number;
      negated?: boolean;
      not_an_order?: 'question' | 'hypothetical' | 'reported' | 'scheduled';
    })
  | (ReplyBase & { type: 'recipes_response'; recipes: RecipeInfo[] })
  | (ReplyBase & {
      type: 'run_response';
      recipe: string;
      dry_run: boolean;
      ok: boolean;
      summary: string;
      steps: string[];
      data?: unknown;
      duration_ms: number;
      confirm?: ConfirmationRequest;
    })
  | (ReplyBase & {
      type: 'control_response';
      action: ControlAction;
      service: string;
      ok: boolean;
      detail: string;
      confirm?: ConfirmationRequest;
    })
  | (ReplyBase & { type: 'catalogue_response'; catalogue: Catalogue })
  | (ReplyBase & { type: 'logs_response'; service: string | null; lines: string[] })
  | (ReplyBase & { type: 'audit_response'; entries: AuditEntry[] })
  | (ReplyBase & { type: 'recipe_add_response'; recipe: RecipeInfo })
  | (ReplyBase & { type: 'event'; event: CiEvent })
  | (ReplyBase & { type: 'error'; code: ErrorCode; message: string });

export type ErrorCode =
  | 'bad_json'
  | 'too_large'
  | 'bad_request'
  | 'unknown_type'
  | 'unauthorized'
  | 'not_found'
  | 'confirmation_required'
  | 'refused'
  | 'timeout'
  | 'internal';

export interface DiscoveredService {
  pid: number;
  command: string;
  kind: string;
  label: string;
  ports: number[];
  /** Name of the declared application this process belongs to, or null when undeclared. */
  declared_as: string | null;
}

export interface AuditEntry {
  /** Format of the kept line: 2 (text escaped and bounded); absent in the first format. */
  v?: number;
  at: string;
  sender: string;
  recipe: string;
  params: Record<string, unknown>;
  dry_run: boolean;
  ok: boolean;
  summary: string;
  duration_ms: number;
  /** What happened: ran to the end, failed, refused, waiting for confirmation, killed at a limit, or a user recipe added. */
  outcome?: 'done' | 'failed' | 'refused' | 'confirmation_requested' | 'killed' | 'added';
}

/** Encodes one message as a protocol line. */
export function encodeLine(message: Request | Reply): string {
  return `${JSON.stringify(message)}\n`;
}
