// A SCRAM-SHA-256 verifier (RFC 5802/7677, as Postgres stores it in pg_authid): the CI sets a
// role's password by its verifier, so the password itself never reaches the server, its logs or a
// statement's text.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` for `password` (random salt unless given). */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const hmac = (text: string) => createHmac('sha256', salted).update(text).digest();
  const storedKey = createHash('sha256').update(hmac('Client Key')).digest();
  const serverKey = hmac('Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
