// Checks and defaults the parameters of a run against the recipe's declared params. Values from
// the wire arrive as strings ("lines=50" in a chat); they are converted to the declared type.

export type ParamValue = string | number | boolean;

/** Validated params, or the problems found (naming the param and what was expected). */
export function validateRunParams(
  recipe: string,
  specs: Record<string, { type: 'string' | 'number' | 'boolean'; description?: string; default?: unknown }>,
  given: Record<string, unknown>,
): { ok: true; params: Record<string, ParamValue> } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const params: Record<string, ParamValue> = {};
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(specs, key))
      problems.push(
        `recipe '${recipe}' has no parameter '${key}' (it takes: ${Object.keys(specs).join(', ') || 'none'})`,
      );
  }
  for (const [key, spec] of Object.entries(specs)) {
    const value = Object.hasOwn(given, key) ? given[key] : spec.default;
    if (value === undefined) {
      problems.push(
        `recipe '${recipe}' needs parameter '${key}' (${spec.type}${spec.description ? `: ${spec.description}` : ''})`,
      );
      continue;
    }
    const converted = convert(value, spec.type);
    // The value is not echoed: an error message may travel further than the request did.
    if (converted === undefined)
      problems.push(
        `parameter '${key}' of '${recipe}' must be a ${spec.type}${spec.type === 'string' ? ' of at most 1000 characters' : ''}, got ${describeValue(value)}`,
      );
    else params[key] = converted;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, params };
}

function convert(value: unknown, type: 'string' | 'number' | 'boolean'): ParamValue | undefined {
  if (type === 'string') return typeof value === 'string' && value.length <= 1000 ? value : undefined;
  if (type === 'number') {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'yes') return true;
  if (value === 'false' || value === 'no') return false;
  return undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return `a ${typeof value}`;
}
