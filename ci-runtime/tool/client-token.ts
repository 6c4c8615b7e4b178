// The token a client inside the container presents: the environment's (docker exec inherits the
// container's), else the token file (root can read it). Unlike the server's loadToken, a client never
// creates one: with no token it asks only what needs none.
import { readFileSync } from 'node:fs';
import { CI_TOKEN_FILE, ENV } from '../../protocol';

/** Where the in-container clients look: the paths the CI itself uses, with the same overrides. */
export interface ClientPlaces {
  env: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

/** The token, or null when neither the environment nor the file holds one. */
export function readClientToken({ env, readFile = (p) => readFileSync(p, 'utf8') }: ClientPlaces): string | null {
  const fromEnv = env[ENV.token]?.trim();
  if (fromEnv) return fromEnv;
  try {
    return readFile(env.TEKTON_CI_TOKEN_FILE || CI_TOKEN_FILE).trim() || null;
  } catch {
    return null;
  }
}
