// Tekton's port table (TEKTON.md, Environment): each component sits at TEKTON_PORT_BASE plus a
// fixed offset; its CI at TEKTON_AI_PORT_BASE plus the same offset.

/** TEKTON_PORT_BASE and TEKTON_AI_PORT_BASE when unset. */
export const DEFAULT_PORT_BASE = 8000;
export const DEFAULT_AI_PORT_BASE = 45000;

/** Offsets from the port base, keyed by the component's normalised name (lowercase, letters and digits only). */
export const PORT_OFFSETS: Readonly<Record<string, number>> = {
  hermes: 1,
  ergon: 2,
  rhetor: 3,
  terma: 4,
  tektoncore: 10,
};

/** Environment prefix Tekton uses for a component (`TektonCore` → `TEKTON_CORE`). */
export function envPrefix(name: string): string {
  const key = normaliseComponent(name);
  if (key === 'tektoncore') return 'TEKTON_CORE';
  return key.toUpperCase();
}

/** 'Tekton_Core', 'tekton-core', 'TektonCore' → 'tektoncore'. */
export function normaliseComponent(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
