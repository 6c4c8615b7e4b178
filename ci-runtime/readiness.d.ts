import type { HealthState } from '../protocol';
/** One probe's verdict. */
export interface ProbeResult {
    health: HealthState;
    detail: string;
    latencyMs: number | null;
}
/** A check that never throws: failures come back as `unhealthy` results. */
export type Probe = () => Promise<ProbeResult>;
/** Time and sleeping, passed in so tests can drive them. */
export interface Clock {
    now(): number;
    sleep(ms: number): Promise<void>;
}
/** The real clock. */
export declare const systemClock: Clock;
/** How long to wait and how often to ask; `abort` stops early (e.g. the service exited). */
export interface WaitOptions {
    timeoutMs: number;
    intervalMs?: number;
    clock?: Clock;
    isAborted?: () => boolean;
}
/** Polls `probe` until it reports healthy; resolves with the last result (healthy or not). */
export declare function waitUntilReady(probe: Probe, { timeoutMs, intervalMs, clock, isAborted }: WaitOptions): Promise<ProbeResult & {
    ready: boolean;
}>;
/** Runs `fn`, timing it, and turns a throw into an `unhealthy` result. */
export declare function timed(fn: () => Promise<{
    health: HealthState;
    detail: string;
}>, clock?: Clock): Promise<ProbeResult>;
