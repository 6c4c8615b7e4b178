// The text of `aish docker plan`: what was found and why, each choice with its source.
import { baseImagesFor } from '../dockerfile/base-images';
import type { ProjectPlan } from '../plan-project';
import { securityNotes } from '../security-notes';

const STATE_WORD = { absent: 'new', same: 'unchanged', ours: 'update', user: 'yours: kept unless --force' } as const;

/** Lines describing a plan. */
export function formatPlan(plan: ProjectPlan): string[] {
  const lines: string[] = [];
  const apps = plan.analysis.apps;
  lines.push(
    `${plan.project.name} (${plan.project.root})${plan.project.projectId ? ` [Tekton project ${plan.project.projectId}]` : ''}: ${apps.length} app${apps.length > 1 ? 's' : ''}`,
  );
  for (const a of plan.apps) {
    const app = a.app;
    lines.push(
      '',
      `app ${app.dir || '.'} → image ${a.container}${a.userDockerfile ? ' (your Dockerfile, CI stage appended at build)' : ''}`,
    );
    const width = Math.max(...app.reasons.map((r) => r.what.length), 8);
    for (const r of app.reasons) {
      const value = r.value.length > 60 ? `${r.value.slice(0, 57)}...` : r.value;
      lines.push(`  ${r.what.padEnd(width)}  ${value}  ← ${r.source}`);
    }
    const images = baseImagesFor(app.language, app.runtimeVersion, app.packageManager, {
      staticOutput: Boolean(app.details.staticDir && app.build.length),
    });
    const named =
      images.build.image === images.runtime.image
        ? images.runtime.image
        : `${images.build.image} → ${images.runtime.image}`;
    const versionReason = app.reasons.find((r) => / version$/.test(r.what));
    const why = versionReason
      ? `${versionReason.what} ${versionReason.value} from ${versionReason.source}`
      : 'no version file found: the default';
    lines.push(`  ${'base image'.padEnd(width)}  ${named}  ← ${why}`);
  }
  lines.push('');
  for (const [name, c] of Object.entries(plan.manifest.containers)) {
    const services = c.applications.map((n) => {
      const app = plan.manifest.applications[n]!;
      return `${n} (${app.type}${app.port ? ` :${app.port}` : ''}${app.cache ? ', cache' : ''})`;
    });
    lines.push(`container ${name}: ${services.join(', ')}; CI ${c.ci_name}`);
  }
  lines.push('', 'files:');
  for (const f of plan.files) lines.push(`  ${f.path.padEnd(24)} ${STATE_WORD[f.state]}`);
  lines.push('', 'security:', ...securityNotes(plan.manifest).map((l) => `  ${l}`));
  if (plan.warnings.length) lines.push('', 'warnings:', ...plan.warnings.map((w) => `  ${w}`));
  return lines;
}
