/** TEKTON_PORT_BASE and TEKTON_AI_PORT_BASE when unset. */
export declare const DEFAULT_PORT_BASE = 8000;
export declare const DEFAULT_AI_PORT_BASE = 45000;
/** Offsets from the port base, keyed by the component's normalised name (lowercase, letters and digits only). */
export declare const PORT_OFFSETS: Readonly<Record<string, number>>;
/** Environment prefix Tekton uses for a component (`TektonCore` → `TEKTON_CORE`). */
export declare function envPrefix(name: string): string;
/** 'Tekton_Core', 'tekton-core', 'TektonCore' → 'tektoncore'. */
export declare function normaliseComponent(name: string): string;
