// The passwords of the datastores a generated image runs (`generated_password` in the manifest):
// made at the container's first start, never in a layer, kept in one file of the CI's state dir
// (0600, in a folder closed to the app user and the recipe worker), and filled into the env values
// that name them (`${secret:<application>}`), which go only to the services.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, constants } from 'node:fs';
import { join } from 'node:path';
import { CI_STATE_DIR, SECRET_REF, type Application } from '../protocol';

/** Where the CI keeps the generated passwords. */
export const DATASTORE_SECRETS_FILE = join(CI_STATE_DIR, 'datastore-secrets.json');

/** The passwords by application name, and which of them this start created. */
export interface DatastoreSecrets {
  secrets: Record<string, string>;
  created: string[];
}

/** A new password: 32 random bytes as base64url, safe in a URL, a Redis config line and SQL. */
export function newPassword(random: (n: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

/** The passwords in `path` (none when it is missing or unreadable). */
export function readDatastoreSecrets(path = DATASTORE_SECRETS_FILE): Record<string, string> {
  try {
    // O_NOFOLLOW: a link planted in the state dir is refused, not followed.
    const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const value = JSON.parse(readFileSync(fd, 'utf8')) as unknown;
      if (!value || typeof value !== 'object') return {};
      return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string' && v.length > 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return {};
  }
}

/** Reads the passwords of `names` and makes the missing ones (in memory: saveSecrets keeps them). */
export function loadOrCreateSecrets(
  names: string[],
  { path = DATASTORE_SECRETS_FILE, random = randomBytes }: { path?: string; random?: (n: number) => Buffer } = {},
): DatastoreSecrets {
  const secrets = readDatastoreSecrets(path);
  const created = names.filter((name) => !secrets[name]);
  for (const name of created) secrets[name] = newPassword(random);
  return { secrets, created };
}

/** Writes the passwords to `path`, 0600, replacing it whole (a reader sees the old file or the new). */
export function saveSecrets(secrets: Record<string, string>, path = DATASTORE_SECRETS_FILE): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, JSON.stringify(secrets));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Names of the applications whose password the CI generates. */
export function generatedPasswordApps(applications: Record<string, Application>): string[] {
  return Object.entries(applications)
    .filter(([, app]) => app.generated_password === true)
    .map(([name]) => name);
}

/** `text` with every `${secret:<app>}` replaced by that app's password (unknown ones left as they are). */
export function fillSecretRefs(text: string, secrets: Record<string, string>): string {
  return text.replace(SECRET_REF, (ref, name: string) => secrets[name] ?? ref);
}

/** The applications with their env values filled in; the manifest itself is left untouched. */
export function withSecrets<T extends { env?: Record<string, string> }>(
  applications: Record<string, T>,
  secrets: Record<string, string>,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(applications).map(([name, app]) => [
      name,
      app.env
        ? {
            ...app,
            env: Object.fromEntries(Object.entries(app.env).map(([k, v]) => [k, fillSecretRefs(v, secrets)])),
          }
        : app,
    ]),
  );
}
