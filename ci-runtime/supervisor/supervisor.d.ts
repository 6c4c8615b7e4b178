import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type { EventBus } from '../events';
import { type Clock, type Probe } from '../readiness';
import { type BackoffPolicy } from './backoff';
import type { ServiceRuntime, ServiceSpec } from './service-spec';
import type { RunAs } from './users';
/** Side effects and tuning the supervisor needs; all passed in. */
export interface SupervisorDeps {
    spawn: (cmd: string, args: string[], opts: SpawnOptions) => ChildProcess;
    bus: EventBus;
    /** Where `[service] line` output goes (the container's stdout). */
    out: (line: string) => void;
    probeOf: (rt: ServiceRuntime) => Probe;
    runAs: (spec: ServiceSpec) => RunAs | null;
    /** Environment of every child (already without the token). */
    env: Record<string, string>;
    clock?: Clock;
    policy?: BackoffPolicy;
    readyTimeoutMs?: number;
    /** Called when an essential service goes FATAL. */
    onEssentialFatal?: (name: string) => void;
}
/** The process supervisor for one container's services. */
export declare class Supervisor {
    private readonly order;
    private readonly deps;
    readonly runtimes: Map<string, ServiceRuntime>;
    private shuttingDown;
    private readonly clock;
    private readonly policy;
    private readonly timers;
    private readonly exitWaiters;
    constructor(order: ServiceSpec[], deps: SupervisorDeps);
    /** Starts every service in order, each after the previous one is ready (or its wait timed out). */
    startAll(): Promise<void>;
    /** Starts one service and waits for readiness; resolves with whether it became ready. */
    start(name: string): Promise<{
        ok: boolean;
        detail: string;
    }>;
    /** Stops one service: SIGTERM to its process group, SIGKILL after `timeoutMs`. */
    stop(name: string, timeoutMs?: number): Promise<{
        ok: boolean;
        detail: string;
    }>;
    /** Stops then starts a service; resolves when it is ready again (or failed). */
    restart(name: string): Promise<{
        ok: boolean;
        detail: string;
    }>;
    /** Stops every service in reverse start order within `budgetMs` in total. */
    stopAll(budgetMs?: number): Promise<string[]>;
    /** The runtime of a declared service; throws naming the known ones. */
    get(name: string): ServiceRuntime;
    private spawn;
    private onExit;
    private fail;
    private waitExit;
    private clearTimer;
    private signal;
}
