import type { Application, HealthCheck, HealthState, ServiceState } from '../../protocol';
import type { ChildProcess } from 'node:child_process';
import type { LineRing } from './ring-buffer';
/** A declared application resolved for this container: argv, probe, label. */
export interface ServiceSpec {
    name: string;
    app: Application;
    kind: string;
    label: string;
    argv: string[];
    check: HealthCheck;
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
    restarts: number;
    /** Failures in a row (resets after a stable run). */
    failures: number;
    lastExit: string | null;
    ring: LineRing;
    probe?: {
        detail: string;
        latency_ms: number | null;
        at: string;
    };
    memoryBytes: number | null;
    cpuPercent: number | null;
    ports: number[];
}
