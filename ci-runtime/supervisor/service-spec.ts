// What the supervisor knows about one declared service, and the live state it keeps for it.
import type { Application, HealthCheck, HealthState, ServiceState } from '../../protocol';
import type { ChildProcess } from 'node:child_process';
import type { SupervisionPolicy } from './policy';
import type { RunOutput } from './run-output';

/** A declared application resolved for this container: argv, probe, label. */
export interface ServiceSpec {
  name: string;
  app: Application;
  kind: string;
  label: string;
  argv: string[];
  check: HealthCheck;
  /** What it waits for before starting (supervisor/order.ts dependenciesOf); absent: nothing. */
  dependsOn?: string[];
  /** Written to the service's stdin, then closed (a generated Redis reads its password there, not from argv). */
  stdin?: string;
}

/** Live state of a supervised service; mutated only by the supervisor and the monitor. */
export interface ServiceRuntime {
  spec: ServiceSpec;
  state: ServiceState;
  health: HealthState;
  activity?: 'idle' | 'busy';
  pid: number | null;
  child: ChildProcess | null;
  startedAt: number | null;
  /** When the current run first answered healthy; null until it has (a restart is not over before). */
  provenAt: number | null;
  restarts: number;
  /** Failures in a row (resets after a stable run). */
  failures: number;
  lastExit: string | null;
  /** Output of every run, tagged with its run number (survives restarts and failures). */
  output: RunOutput;
  /** The current (or last) run: 0 before the first start, one more at each spawn. */
  run: number;
  /** How the last run that ended on its own (or was ended by the CI) ended; null when none has. */
  lastFailure: RunEnd | null;
  probe?: { detail: string; latency_ms: number | null; at: string };
  memoryBytes: number | null;
  cpuPercent: number | null;
  ports: number[];
  /** Resolved supervision settings (manifest over defaults). */
  policy: SupervisionPolicy;
  /** Health probes failed in a row; samples in a row above the memory ceiling. */
  probeFailures: number;
  memoryOver: number;
  /** Times of recent automatic restarts (the budget window). */
  restartTimes: number[];
  nextRestartAt: number | null;
  /** Why the CI itself is stopping this process (probe or memory), so its exit reads right. */
  recovering: string | null;
  lastAction: string | null;
  waitingFor: string[];
  /** FATAL dependencies holding this service back (not started, not restarted until they run). */
  heldBy: string[];
}

/** The end of one run that nobody asked for. */
export interface RunEnd {
  run: number;
  at: number;
  /** 'exit code 1', 'killed by SIGKILL', 'restarted by the CI: <why>'. */
  exit: string;
  code: number | null;
  signal: string | null;
}
