// What the server needs from the rest of the CI: read-only views and a few actions. The server
// knows nothing of processes or /proc; tests can hand it any implementation.
import type {
  Catalogue,
  CiEvent,
  ContainerMetrics,
  DiscoveredService,
  Isolation,
  ParsedIntent,
  Reply,
  ServiceStatus,
} from '../../protocol';
import type { ControlOutcome, ControlRequest } from '../chat/control';
import type { RecipeEngine } from '../recipe-engine/types';

/** Options of a chat request. */
export interface ChatOptions {
  confirm?: string;
  sender: string;
}

/** The fields of a 'response' reply (without type, id, ai_id). */
export type ChatAnswer = Omit<Extract<Reply, { type: 'response' }>, 'type' | 'id' | 'ai_id'>;

/** The CI as seen by the server. */
export interface CiCore {
  ciName: string;
  version: string;
  capabilities: string[];
  modelName: string | null;
  tcpPort: number | null;
  /** Who the CI, the services and the recipe worker run as (reported by info and status). */
  isolation?: Isolation;
  services(): ServiceStatus[];
  container(): ContainerMetrics;
  discover(): { declared: string[]; discovered: DiscoveredService[]; mismatches: string[] };
  /** Throws an Error with `code = 'not_found'` for an unknown service. */
  logs(service: string | null, lines: number): string[];
  subscribe(listener: (e: CiEvent) => void): () => void;
  parse(content: string): ParsedIntent;
  chat(content: string, options: ChatOptions): Promise<ChatAnswer>;
  /** What this CI can do (intents, recipes, peers, services). */
  catalogue(): Catalogue;
  /** Restart, stop or start a service, behind a confirmation token. */
  control(request: ControlRequest): Promise<ControlOutcome>;
  recipes: RecipeEngine | null;
  /** Resolves once the recipe engine has loaded (or failed to: null); it loads while services start. */
  recipesReady?: () => Promise<RecipeEngine | null>;
}
