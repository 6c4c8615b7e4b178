// What every route of the UI server shares: the environment, host deps, open confirmations, the
// event hub, the probe series, the engine's state, and the sender named in audit logs.
import type { HostDeps } from '../host';
import type { BuildProgress } from '../docker/build/run-build';
import type { EventHub } from './event-hub';
import type { ProbeSeries } from './probe-series';
import type { WebConfirmations } from './web-confirm';

/** Shared state of one `aish ui` run. */
export interface UiContext {
  env: Record<string, string | undefined>;
  stateDir: string;
  deps: HostDeps;
  confirmations: WebConfirmations;
  hub: EventHub;
  series: ProbeSeries;
  /** The engine answered last time it was asked (false shows the banner). */
  engine: { up: boolean; error: string | null };
  /** Who the page acts as, in audit logs ("<user> via aish ui"). */
  sender: string;
  /** Extra labels on images built from the page (tests: tekton.test=1). */
  buildLabels?: Record<string, string>;
  startJob(work: (progress: BuildProgress, log: (line: string) => void) => Promise<unknown>): string;
  audit(target: string, action: string, outcome: string): void;
  setEngine(up: boolean, error: string | null): void;
}
