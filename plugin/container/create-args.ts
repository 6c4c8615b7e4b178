// `container create` as Tekton's Ergon writes it (Ergon/ergon/construct/questions.json and
// ci_engagement.py): `aish container create --name <name> --ci-managed [--purpose "..."]`, run in
// the solution's directory. Turned into the `ergon run` arguments that do it (pure).
import { UsageError } from '../plugin-api';

/** The label that keeps the purpose Ergon gave the CI. */
export const PURPOSE_LABEL = 'tekton.ci.purpose';

/** What `container create` was asked. */
export interface CreateRequest {
  name: unknown;
  target: string | undefined;
  cwd: string;
  purpose: unknown;
  /** The `ergon run` options given as they are (-p, -e, -l, --no-wait...). */
  passthrough: Record<string, unknown>;
  /** The target (or the working directory) is a directory: a project to build. */
  isDir: boolean;
}

/** The `ergon run` call, and the note to print when the name had to change. */
export interface CreatePlan {
  args: string[];
  options: Record<string, string | boolean | string[] | undefined>;
  note: string | null;
  name: string;
}

const USAGE = 'aish container create --name <name> --ci-managed [--purpose "..."] [path|image]';

/** Docker's container-name rule, lower-cased as our CI names are: 'CSV Pipeline' → 'csv-pipeline'. */
export function containerNameOf(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
}

/** Plans the create (pure); throws UsageError for what cannot work. */
export function planCreate(req: CreateRequest): CreatePlan {
  if (typeof req.name !== 'string' || !req.name.trim()) throw new UsageError(`--name is required: ${USAGE}`);
  const name = containerNameOf(req.name);
  if (!name) throw new UsageError(`--name '${req.name}' has no letter or digit to name a container with`);
  if (req.purpose !== undefined && (typeof req.purpose !== 'string' || !req.purpose.trim())) {
    throw new UsageError('--purpose needs a text, e.g. --purpose "nightly CSV import"');
  }
  const labels = [...((req.passthrough.label as string[] | undefined) ?? [])];
  if (typeof req.purpose === 'string') labels.push(`${PURPOSE_LABEL}=${req.purpose.trim()}`);
  const options: CreatePlan['options'] = {};
  for (const [k, v] of Object.entries(req.passthrough)) {
    if (v !== undefined && k !== 'label') options[k] = v as string | boolean | string[];
  }
  options.name = name;
  // One container: a directory is built as a project even if it also holds a compose file.
  if (req.isDir) options.project = true;
  if (labels.length) options.label = labels;
  const note =
    name === req.name
      ? null
      : `Note: container name '${req.name}' is '${name}' here (lowercase letters, digits, '.', '_', '-'), and so is its CI's`;
  return { name, args: [req.target ?? req.cwd], options, note };
}
