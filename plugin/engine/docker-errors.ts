// Engine errors by status code, never by message text (STYLE.md traps): 404 missing, 304 already
// in the wanted state, 409 conflict (name in use, container running).

/** The HTTP status the Engine answered with, when the error came from the Engine. */
export function engineStatus(err: unknown): number | null {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : null;
}

/** True when the Engine said the object does not exist. */
export function isNotFound(err: unknown): boolean {
  return engineStatus(err) === 404;
}

/** True when the Engine said the container was already started/stopped. */
export function isNotModified(err: unknown): boolean {
  return engineStatus(err) === 304;
}

/** True for a name conflict or an operation refused because of the container's state. */
export function isConflict(err: unknown): boolean {
  return engineStatus(err) === 409;
}

/** True when the engine could not be reached at all (socket missing, refused, reset). */
export function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'ETIMEDOUT'
  );
}
