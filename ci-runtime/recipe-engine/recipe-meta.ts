// Validates the metadata a sandbox reported for a recipe (untrusted: it came out of recipe code).
import type { RecipeInfo } from '../../protocol';
import type { RecipeParamSpec } from './recipe-api';

const RISKS = ['inspect', 'control', 'destructive'];
const PARAM_TYPES = ['string', 'number', 'boolean'];
/** Recipe names: lowercase kebab-case, so they are safe as file names and in phrases. */
export const RECIPE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
/** Longest time limit a recipe may ask for, in seconds. */
export const MAX_TIMEOUT_S = 300;

/** Validated metadata plus the recipe's own time limit. */
export interface ValidMeta {
  info: Omit<RecipeInfo, 'source'>;
  timeoutS: number | null;
}

/** Checks untrusted metadata; returns it cleaned, or the list of problems. */
export function validateRecipeMeta(raw: unknown): { ok: true; meta: ValidMeta } | { ok: false; problems: string[] } {
  const m = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const name = m.name;
  if (typeof name !== 'string' || !RECIPE_NAME.test(name))
    problems.push(`name must match ${RECIPE_NAME} (got ${JSON.stringify(name)})`);
  if (typeof m.description !== 'string' || !m.description.trim() || m.description.length > 500)
    problems.push('description must be a non-empty string of at most 500 characters');
  if (typeof m.risk !== 'string' || !RISKS.includes(m.risk))
    problems.push(`risk must be one of ${RISKS.join(', ')} (got ${JSON.stringify(m.risk)})`);
  if (!isStringList(m.phrases, 20, 100))
    problems.push('phrases must be an array of at most 20 strings of at most 100 characters');
  if (m.applies_to !== undefined && !isStringList(m.applies_to, 20, 40))
    problems.push('applies_to must be an array of service kinds');
  if (
    m.timeout_s !== undefined &&
    (typeof m.timeout_s !== 'number' || !(m.timeout_s > 0) || m.timeout_s > MAX_TIMEOUT_S)
  )
    problems.push(`timeout_s must be a number of seconds between 1 and ${MAX_TIMEOUT_S}`);
  if (m.has_run !== true) problems.push('run must be a function: async run(ctx, params) { ... }');
  const params = validateParamSpecs(m.params ?? {}, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    meta: {
      info: {
        name: name as string,
        description: (m.description as string).trim(),
        risk: m.risk as RecipeInfo['risk'],
        phrases: (m.phrases as string[]).map((p) => p.trim()).filter(Boolean),
        params,
        applies_to: (m.applies_to as string[] | undefined) ?? [],
      },
      timeoutS: typeof m.timeout_s === 'number' ? m.timeout_s : null,
    },
  };
}

function isStringList(value: unknown, maxItems: number, maxLength: number): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= maxItems &&
    value.every((v) => typeof v === 'string' && v.length <= maxLength)
  );
}

function validateParamSpecs(raw: unknown, problems: string[]): Record<string, RecipeParamSpec> {
  const out: Record<string, RecipeParamSpec> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('params must be an object of { name: { type, description?, default? } }');
    return out;
  }
  for (const [key, spec] of Object.entries(raw as Record<string, unknown>)) {
    const s = (spec && typeof spec === 'object' ? spec : {}) as Record<string, unknown>;
    if (!/^[a-z_][a-z0-9_]{0,30}$/i.test(key)) problems.push(`param name '${key}' must be an identifier`);
    if (typeof s.type !== 'string' || !PARAM_TYPES.includes(s.type)) {
      problems.push(`param '${key}' type must be one of ${PARAM_TYPES.join(', ')}`);
      continue;
    }
    if (s.default !== undefined && typeof s.default !== s.type)
      problems.push(`param '${key}' default must be a ${s.type}`);
    out[key] = {
      type: s.type as RecipeParamSpec['type'],
      ...(typeof s.description === 'string' ? { description: s.description.slice(0, 200) } : {}),
      ...(s.default !== undefined ? { default: s.default as string | number | boolean } : {}),
    };
  }
  return out;
}
