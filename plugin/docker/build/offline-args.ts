// Offline builds (TEKTON_OFFLINE=1): the package managers are told not to reach any index: pip
// installs nothing new (requirements must already be satisfied by the base: PIP_NO_INDEX,
// PIP_NO_DEPS), npm works from its cache, Go uses no module proxy. Only arguments the Dockerfile
// declares are passed. Otherwise builds reach the indexes through the user's package environment
// (package-environment.ts), whatever the base: a local stand-in base is no reason to stay offline.
import { parseDockerfile } from '../dockerfile/parse-dockerfile';

const OFFLINE: Record<string, string> = {
  PIP_NO_INDEX: '1',
  PIP_NO_DEPS: '1',
  NPM_CONFIG_OFFLINE: 'true',
  GOPROXY: 'off',
  GOFLAGS: '-mod=mod',
};

/**
 * True when the build should not reach package indexes: TEKTON_OFFLINE=1, or the classic builder (it has no
 * secrets, so the CA and index credentials cannot reach it without entering a layer) unless TEKTON_OFFLINE=0.
 */
export function isOfflineBuild(
  env: Record<string, string | undefined>,
  builder: 'buildkit' | 'classic' = 'buildkit',
): boolean {
  if (env.TEKTON_OFFLINE === '1' || env.TEKTON_OFFLINE === 'true') return true;
  if (env.TEKTON_OFFLINE === '0' || env.TEKTON_OFFLINE === 'false') return false;
  return builder === 'classic';
}

/** The offline build arguments the Dockerfile declares. */
export function offlineBuildArgs(dockerfile: string): Record<string, string> {
  const declared = new Set(
    parseDockerfile(dockerfile)
      .filter((i) => i.keyword === 'ARG')
      .map((i) => i.args.split('=')[0]!.trim()),
  );
  return Object.fromEntries(Object.entries(OFFLINE).filter(([k]) => declared.has(k)));
}
