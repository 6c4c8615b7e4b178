// What the app's user may write in a generated image. The app's folder is root's and read-only to
// that user (a compromised dependency cannot rewrite the code, nor plant what root might run); the
// paths it must write are declared in the manifest (`writable_paths`, defaults per framework here),
// made at build time and given to it. `docker plan` lists them with the datastores' data folders.
import { APP_UID, type Application, type Manifest, resolveWritablePath } from '../../../protocol';
import { PG_DATA_DIR } from '../analysis/build-manifest';

/** The data folder a datastore service writes (made by its own build step), or null. */
function dataFolder(app: Application): string | null {
  return app.type === 'postgres' ? PG_DATA_DIR.replace(/\/data$/, '') : null;
}

/** The writable paths of a container's services, absolute and sorted: declared, and the datastores' data. */
export function containerWritablePaths(manifest: Manifest, container: string): { declared: string[]; data: string[] } {
  const apps = (manifest.containers[container]?.applications ?? []).map((a) => manifest.applications[a]);
  const declared = new Set<string>();
  const data = new Set<string>();
  for (const app of apps) {
    if (!app) continue;
    for (const p of app.writable_paths ?? []) declared.add(resolveWritablePath(app.workdir ?? '/app', p));
    const folder = dataFolder(app);
    if (folder) data.add(folder);
  }
  return { declared: [...declared].sort(), data: [...data].sort() };
}

/** Dockerfile lines making the declared paths and giving them (with what the build put there) to the app user. */
export function appWritableLines(paths: string[]): string[] {
  if (!paths.length) return [];
  return [
    "# What the app may write (manifest writable_paths); the rest of its folder is root's, read-only to it.",
    `RUN mkdir -p ${paths.join(' ')} && chown -R ${APP_UID}:${APP_UID} ${paths.join(' ')}`,
  ];
}
