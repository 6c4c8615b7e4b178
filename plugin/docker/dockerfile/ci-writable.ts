// The folders the container CI writes to, prepared so that one image runs as root, as any UID in
// group 0 (OpenShift's arbitrary UIDs) and with a read-only root filesystem (these become tmpfs,
// volumes or emptyDirs). Read by `docker plan`, the Kubernetes export and `docker run` advice.
import { CI_RUN_DIR, CI_STATE_DIR } from '../../../protocol';

/** Everything the CI writes: its socket and token, its audit log and user recipes, temp files. */
export const CI_WRITABLE_PATHS = [CI_RUN_DIR, CI_STATE_DIR, '/tmp'] as const;

/** Image label listing CI_WRITABLE_PATHS (space-separated), for tools that run the image read-only. */
export const WRITABLE_LABEL = 'tekton.ci.writable';

/**
 * Dockerfile lines: the CI's folders owned by root and group 0, group-writable (the OpenShift
 * convention: an arbitrary UID always has GID 0), closed to others (the recipe worker's UID).
 */
export function ciWritableLines(): string[] {
  const dirs = CI_WRITABLE_PATHS.filter((p) => p !== '/tmp');
  return [
    "# The CI's own folders: root and group 0 may write (any UID runs with GID 0 on OpenShift), others not.",
    `RUN install -d -m 0770 -o root -g 0 ${dirs.join(' ')}`,
    `LABEL ${WRITABLE_LABEL}="${CI_WRITABLE_PATHS.join(' ')}"`,
  ];
}
