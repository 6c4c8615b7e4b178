import type { ContainerMetrics, DiscoveredService, IntentArgs, ServiceStatus } from '../../protocol';
/** What the inspect answers need. */
export interface Facts {
    services: ServiceStatus[];
    container: ContainerMetrics;
}
/** '2h 5m', '40s' */
export declare function formatDuration(seconds: number | null): string;
/** One service's state and uptime, or the container summary. */
export declare function statusAnswer(facts: Facts, args: IntentArgs): string;
/** Health of one or all services, with the last probe's detail and latency. */
export declare function healthAnswer(facts: Facts, args: IntentArgs): string;
/** Memory of one service (with its children), or of the container and each service. */
export declare function memoryAnswer(facts: Facts, args: IntentArgs): string;
/** CPU of the container and the services asked about. */
export declare function cpuAnswer(facts: Facts, args: IntentArgs): string;
/** How long the CI and each service have been up. */
export declare function uptimeAnswer(facts: Facts, args: IntentArgs): string;
/** One line per discovered process: pid, label, ports, command. */
export declare function processesAnswer(discovered: DiscoveredService[]): string;
/** Declared versus running, and the mismatches. */
export declare function servicesAnswer(declared: string[], discovered: DiscoveredService[], mismatches: string[]): string;
/** Free and total space of the file systems that matter. */
export declare function diskAnswer(disks: Array<{
    path: string;
    freeBytes: number;
    totalBytes: number;
}>): string;
/** What the CI can do, for `help` and for `unknown`. */
export declare function helpText(recipes: string[]): string;
