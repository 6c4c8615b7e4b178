import type { DiscoveredService } from '../../protocol';
/** A declared service as the comparison needs it. */
export interface DeclaredService {
    name: string;
    kind: string;
    port: number | null;
    running: boolean;
}
/** Human-readable differences between declaration and reality. */
export declare function findMismatches(declared: DeclaredService[], discovered: DiscoveredService[]): string[];
