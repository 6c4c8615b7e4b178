import type { ContainerMetrics, ServiceStatus } from '../../protocol';
/** One observation, worst first when sorted by severity. */
export interface Finding {
    severity: 'critical' | 'warning' | 'info';
    text: string;
}
/** Everything noteworthy about the container right now. */
export declare function diagnose(services: ServiceStatus[], c: ContainerMetrics): Finding[];
/** A short answer from the findings. */
export declare function diagnosisText(findings: Finding[], services: ServiceStatus[], c: ContainerMetrics): string;
