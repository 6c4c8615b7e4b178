// `generate`: write the planned files. A file someone else wrote (or that was edited since we
// wrote it) is never replaced without `force` or a yes from `confirm`; every write is temp +
// rename, so a failure leaves the old file or the new one, never half of one. Nothing is written
// through a link that leaves the project (project/write-inside.ts); such a link refuses the whole
// generate before any file is written.
import { join } from 'node:path';
import { planProject, type PlanOptions, type ProjectPlan } from './plan-project';
import { GENERATED_RECORD, readGeneratedRecord, sha256 } from './project/generated-files';
import { checkWritableInside, writeInside } from './project/write-inside';
import { saveDockerMetadata } from './project/tekton-projects';

/** Options of generateProject. */
export interface GenerateOptions extends PlanOptions {
  force?: boolean;
  /** Asked for each user file that would be replaced (only given when prompting is allowed). */
  confirm?: (path: string) => Promise<boolean>;
  plan?: ProjectPlan;
}

/** What generate did with each file. */
export interface GenerateResult {
  plan: ProjectPlan;
  written: string[];
  unchanged: string[];
  /** User files left alone (no --force, no yes). */
  kept: string[];
}

/** Writes the Dockerfile(s), .dockerignore(s), compose.yaml and the manifest of a project. */
export async function generateProject(options: GenerateOptions = {}): Promise<GenerateResult> {
  const plan = options.plan ?? planProject(options);
  const root = plan.project.root;
  const record = readGeneratedRecord(root);
  const result: GenerateResult = { plan, written: [], unchanged: [], kept: [] };
  for (const path of [...plan.files.map((f) => f.path), GENERATED_RECORD]) checkWritableInside(root, path);
  for (const file of plan.files) {
    if (file.state === 'same') {
      result.unchanged.push(file.path);
      record[file.path] = sha256(file.content);
      continue;
    }
    if (file.state === 'user' && !options.force && !(options.confirm && (await options.confirm(file.path)))) {
      result.kept.push(file.path);
      continue;
    }
    writeInside(root, file.path, file.content, 0o644);
    record[file.path] = sha256(file.content);
    result.written.push(file.path);
  }
  writeInside(
    root,
    GENERATED_RECORD,
    `${JSON.stringify(
      {
        note: 'Files written by aish docker generate and their SHA-256; an edited file is yours and is not replaced without --force.',
        files: record,
      },
      null,
      2,
    )}\n`,
    0o644,
  );
  if (plan.project.projectId && plan.project.projectsFile) {
    await saveDockerMetadata(plan.project.projectsFile, plan.project.projectId, {
      dockerfile: join(root, plan.apps[0]?.contextDir ?? '', 'Dockerfile'),
      manifest: join(root, '.tekton', 'manifest.json'),
      containers: Object.keys(plan.manifest.containers),
      generated_at: new Date().toISOString(),
    });
  }
  return result;
}
