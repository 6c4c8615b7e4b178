import type { ContainerMetrics, HealthState, ServiceStatus } from '../protocol';
import type { ServiceRuntime } from './supervisor/service-spec';
/** Protocol view of one service at `now` (ms). */
export declare function toServiceStatus(rt: ServiceRuntime, now: number): ServiceStatus;
/** One word for a service: its failure state, else worker activity, else health. */
export declare function stateWord(s: ServiceStatus): string;
/** 'Running 3 services: FastAPI (healthy), Redis (healthy), Celery (idle)' */
export declare function summarize(services: ServiceStatus[]): string;
/** Overall health: unhealthy when any service is FATAL or unhealthy, degraded/starting otherwise. */
export declare function overallHealth(services: ServiceStatus[]): HealthState;
/** Bytes as '42 MB'. */
export declare function formatBytes(bytes: number | null): string;
/** 'Memory: container 120 MB of 512 MB (23%); FastAPI 60 MB, Redis 8 MB, Celery 45 MB' */
export declare function memorySentence(services: ServiceStatus[], c: ContainerMetrics): string;
/** 'CPU: container 12%; FastAPI 3%, Redis 0%, Celery 8%' */
export declare function cpuSentence(services: ServiceStatus[], c: ContainerMetrics): string;
