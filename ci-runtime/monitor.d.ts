import type { ContainerMetrics } from '../protocol';
import type { EventBus } from './events';
import { type ProcFs } from './metrics/proc-reader';
import type { Probe } from './readiness';
import type { ServiceRuntime } from './supervisor/service-spec';
/** Inputs of the monitor. */
export interface MonitorDeps {
    runtimes: () => ServiceRuntime[];
    probeOf: (rt: ServiceRuntime) => Probe;
    bus: EventBus;
    fs?: ProcFs;
    now?: () => number;
    intervalMs?: number;
}
/** Samples metrics and probes services in the background. */
export declare class Monitor {
    private readonly deps;
    private timer;
    private lastCpu;
    private lastCgroup;
    private containerMetrics;
    private running;
    constructor(deps: MonitorDeps);
    /** Starts the loop: a tick right away, a second soon after (CPU rates need two samples), then every interval. */
    start(): void;
    stop(): void;
    /** Latest container-wide figures (without uptime, which the caller adds). */
    container(): Omit<ContainerMetrics, 'uptime_s'>;
    /** One round: metrics, then probes in parallel. Overlapping rounds are skipped. */
    tick(): Promise<void>;
    /** Probes one service now (also used right after it starts or exits). */
    probe(rt: ServiceRuntime): Promise<void>;
    private sampleMetrics;
    private now;
}
