import { type Manifest } from '../protocol';
import type { ServiceSpec } from './supervisor/service-spec';
/** The container's resolved configuration. */
export interface CiConfig {
    container: string;
    ciName: string;
    services: ServiceSpec[];
}
/** Parses and validates manifest text; throws listing every problem. */
export declare function parseManifest(text: string, source: string): Manifest;
/** Picks the container and its services; `override` replaces the main app's run_command. */
export declare function resolveConfig(manifest: Manifest, env: Record<string, string | undefined>, override: string[]): CiConfig;
