// Argument checks for ctx calls that need no I/O: names, numbers, paths. Each failure message names
// the call, the bad value and what is expected, because the recipe author reads it.

/** Throws unless `value` is an integer within [min, max]. */
export function requireInt(call: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${call}: ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Throws unless `value` is a plausible service name (existence is checked against the host). */
export function requireServiceName(call: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(value)) {
    throw new Error(`${call}: service must be a service name string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Throws unless `value` is an absolute path without '..' or control characters. */
export function requireAbsolutePath(call: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.length > 256 ||
    /(^|\/)\.\.(\/|$)|[\0-\x1f]/.test(value)
  ) {
    throw new Error(
      `${call}: path must be an absolute path of at most 256 characters without '..', got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Throws unless `value` is an HTTP path on the service itself ('/health?x=1'), never another host. */
export function requireHttpPath(call: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    !/^\/(?!\/)[\x21-\x7e]{0,511}$/.test(value) ||
    value.includes('@') ||
    value.includes('\\')
  ) {
    throw new Error(
      `${call}: path must start with a single '/', be printable ASCII without spaces, '@' or '\\', at most 512 characters; got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Deep-copies plain JSON data so nothing of the host's objects reaches a worker message. */
export function plainData<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
