// Every value of an analysis was read from the project (a Procfile line, a package.json script, a
// file or folder name, a version file, a Cargo.toml bin name...), so every string of it is checked
// before anything is generated from it: a character no generated file holds (a line break, NUL, a
// control character: quoting/unsafe-value.ts) refuses the plan, naming the value and where it came
// from. Ports must be port numbers. The generators then quote each value for its position.
import { showValue, type UnsafeValue, unsafeCharacter } from '../quoting/unsafe-value';
import { AnalysisError } from './analyze-project';
import type { AppAnalysis, ProjectAnalysis, Reason } from './types';

/** Error for a project value refused before generation: names the app, the value and its source. */
export class ProjectValueRefused extends AnalysisError {
  override name = 'ProjectValueRefused';
}

/** Throws ProjectValueRefused when a value of the analysis cannot reach a generated file. */
export function checkProjectValues(analysis: ProjectAnalysis): void {
  const bad = unsafeCharacter(analysis.name);
  if (bad)
    throw new ProjectValueRefused(
      `Refused the project name ${showValue(analysis.name)}: it contains ${bad}; rename the folder`,
    );
  for (const app of analysis.apps) {
    // The decided values first, so a refusal names the field; then the reasons and notes that quote them.
    const { reasons, candidates, warnings, ...decided } = app;
    for (const [field, value] of [...strings(decided), ...strings({ reasons, candidates, warnings })]) {
      const bad = unsafeCharacter(value);
      if (bad)
        throw refusal(
          app,
          value,
          field,
          `it contains ${bad}, which no generated file can hold on one line; remove it from the project`,
        );
    }
    for (const port of [app.port]) {
      if (port !== null && !(Number.isInteger(port) && port > 0 && port < 65536))
        throw refusal(app, String(port), 'port', 'a port is a whole number from 1 to 65535');
    }
  }
}

/** Turns an UnsafeValue met while generating an app's files into a refusal naming where the value came from. */
export function refusalFor(app: AppAnalysis, err: UnsafeValue): ProjectValueRefused {
  return refusal(app, err.value, err.position, err.why);
}

function refusal(app: AppAnalysis, value: string, what: string, why: string): ProjectValueRefused {
  const from = sourceOf(app.reasons, value, what);
  return new ProjectValueRefused(
    `Refused ${showValue(value)} (${what}${from ? `, from ${from}` : ''}${app.dir && !['dir', 'context'].includes(what) ? `, app ${showValue(app.dir)}` : ''}): ${why}. Nothing was generated`,
  );
}

// The reason that decided a value names the file it came from (`Procfile web:`, `package.json scripts.start`):
// the reason for that field, else one quoting the value, else one whose own value was built into it.
function sourceOf(reasons: Reason[], value: string, field: string): string | null {
  const root = field.replace(/^details\./, '').replace(/[[.].*$/, '');
  const r =
    reasons.find((x) => x.what === root && (x.value.includes(value) || value.includes(x.value))) ??
    reasons.find((x) => x.value.includes(value) || x.source.includes(value)) ??
    reasons.find((x) => x.value.length > 2 && value.includes(x.value) && unsafeCharacter(x.value));
  if (!r) return null;
  // The source may quote the value itself: never print its control characters raw.
  return unsafeCharacter(r.source) ? showValue(r.source) : r.source;
}

// Every string of an app's analysis with the field it sits in (`details.staticDir`, `start[1]`).
function* strings(v: unknown, path = ''): Generator<[string, string]> {
  if (typeof v === 'string') yield [path || 'value', v];
  else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) yield* strings(v[i], `${path}[${i}]`);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      yield [`a key of ${path || 'the analysis'}`, k];
      yield* strings(x, path ? `${path}.${k}` : k);
    }
}
