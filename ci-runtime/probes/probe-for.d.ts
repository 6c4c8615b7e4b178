import type { HealthCheck } from '../../protocol';
import { type Probe } from '../readiness';
/** Paths tried, in order, when the manifest names none. */
export declare const HEALTH_PATHS: string[];
/** Derives the health check from the manifest entry, or from the kind and port when it has none. */
export declare function healthCheckFor(kind: string, port: number | null, declared: HealthCheck | null): HealthCheck;
/** Builds the probe for one check; `isAlive` answers for process checks. */
export declare function probeFor(check: HealthCheck, isAlive: () => boolean, timeoutMs?: number): Probe;
