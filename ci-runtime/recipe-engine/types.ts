// The seam between the CI server/supervisor and the recipe engine. The server owns the socket and
// the supervisor; the engine owns recipes, sandboxing, confirmation tokens and the audit log.
import type { AuditEntry, ConfirmationRequest, RecipeInfo, ServiceStatus, ContainerMetrics } from '../../protocol';

/** Powers the CI lends to recipes (through the sandbox's `ctx`). Plain data in and out. */
export interface RecipeHost {
  services(): ServiceStatus[];
  container(): ContainerMetrics;
  /** Restart one supervised service; resolves when it is running again (or failed). */
  restartService(name: string): Promise<{ ok: boolean; detail: string }>;
  /** Last `lines` lines of a service's output (stdout+stderr), oldest first. */
  logs(service: string | null, lines: number): string[];
  /** Declared applications of the manifest (for e.g. `cache: true` on a Redis). */
  manifestApplications(): Record<
    string,
    { type: string; port: number | null; cache?: boolean; framework: string | null; env?: Record<string, string> }
  >;
}

export interface RunRequest {
  recipe: string;
  params: Record<string, unknown>;
  dryRun: boolean;
  /** Confirmation token from an earlier reply; required for control and destructive recipes. */
  confirm?: string;
  /** Who asked (TEKTON_NAME of the client, or 'peer:<ci>'). */
  sender: string;
  /** The client allowed control actions without asking (e.g. `--yes`); destructive still needs `confirm`. */
  preapproved?: boolean;
}

export interface RunResult {
  recipe: string;
  dryRun: boolean;
  ok: boolean;
  summary: string;
  /** What was done, or, in a dry run, exactly what would be done. */
  steps: string[];
  data?: unknown;
  durationMs: number;
  /** Set when nothing ran because confirmation is needed first. */
  confirm?: ConfirmationRequest;
}

export interface RecipeEngine {
  list(): RecipeInfo[];
  /** Finds the recipe a phrase asks for ("optimize memory" → optimize-memory), or null. */
  match(phrase: string): string | null;
  run(request: RunRequest): Promise<RunResult>;
  audit(lines: number): AuditEntry[];
  /** Validates and stores a user recipe (source text); returns its info or throws with the reasons. */
  add(source: string, sender: string): Promise<RecipeInfo>;
}
