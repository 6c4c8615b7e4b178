// The shared secret: env TEKTON_CI_TOKEN, else /run/tekton-ci/token (written by the host), else a
// fresh one written there mode 0600 so root in the container (docker exec) can still reach the CI.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Returns the token and where it came from. */
export function loadToken(
  env: Record<string, string | undefined>,
  file: string,
): { token: string; source: 'env' | 'file' | 'generated' } {
  const fromEnv = env.TEKTON_CI_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env' };
  try {
    const fromFile = readFileSync(file, 'utf8').trim();
    if (fromFile) return { token: fromFile, source: 'file' };
  } catch {
    /* absent: make one below */
  }
  const token = randomBytes(24).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: 'generated' };
}

/** Constant-time token comparison. */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
