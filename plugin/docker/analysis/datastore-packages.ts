// The one map from a datastore the app needs to the distribution package that runs it. Generated
// Dockerfiles, the CI stage added to a user's Dockerfile (Debian or Alpine) and the plan use it.
import type { NeededService } from './types';

/** Package names per datastore and distribution family. */
const PACKAGES: Record<NeededService['kind'], { debian: string; alpine: string }> = {
  redis: { debian: 'redis-server', alpine: 'redis' },
  postgres: { debian: 'postgresql', alpine: 'postgresql15' },
};

/** The package that provides a datastore on Debian (default) or Alpine. */
export function datastorePackage(kind: NeededService['kind'], family: 'debian' | 'alpine' = 'debian'): string {
  return PACKAGES[kind][family];
}
