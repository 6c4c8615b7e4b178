// The analysis of a whole project: find its apps, score languages for each, run the winner's
// detector, add the datastores. Pure over the ProjectTree.
import type { Language } from '../../../protocol';
import { detectCpp } from './detect-cpp';
import { detectDeno } from './detect-deno';
import { detectDotnet } from './detect-dotnet';
import { detectElixir } from './detect-elixir';
import { detectGo } from './detect-go';
import { detectJava } from './detect-java';
import { detectNode } from './detect-node';
import { detectPhp } from './detect-php';
import { detectPython } from './detect-python';
import { detectRuby } from './detect-ruby';
import { detectRust } from './detect-rust';
import { detectShell, detectStatic } from './detect-static';
import { findAppDirs } from './find-apps';
import { joinWorkspace, libraryOf } from './workspace-member';
import { findWorkspace } from './workspaces';
import { baseOf, subTree, type ProjectTree } from './project-tree';
import { explainWinner, scoreLanguages } from './score-languages';
import { unsupportedReason } from './unsupported';
import { detectServices } from './services';
import type { AppAnalysis, LanguageFindings, ProjectAnalysis } from './types';

const DETECTORS: Record<Language, (tree: ProjectTree) => LanguageFindings> = {
  python: detectPython,
  node: detectNode,
  go: detectGo,
  rust: detectRust,
  ruby: detectRuby,
  java: detectJava,
  php: detectPhp,
  dotnet: detectDotnet,
  deno: detectDeno,
  elixir: detectElixir,
  static: detectStatic,
  shell: detectShell,
  cpp: detectCpp,
};

/** Error for a project that has nothing the analysis can build. */
export class AnalysisError extends Error {
  override name = 'AnalysisError';
}

/** Analyses every deployable app of a project. Throws AnalysisError when there is none. */
export function analyzeProject(tree: ProjectTree, projectName: string): ProjectAnalysis {
  if (!tree.files.length) {
    const extra = tree.notes.length ? ` (${tree.notes.slice(0, 3).join('; ')})` : '';
    throw new AnalysisError(
      `Project ${projectName} has no files to analyse${extra}: point at a folder with source code`,
    );
  }
  const apps: AppAnalysis[] = [];
  const notes: string[] = [];
  const workspace = findWorkspace(tree);
  for (const dir of findAppDirs(tree)) {
    const app = analyzeApp(subTree(tree, dir), dir);
    if (app && workspace && dir && workspace.members.some((m) => dir === m || dir.startsWith(`${m}/`))) {
      const usedBy = libraryOf(app, workspace, tree);
      if (usedBy) {
        notes.push(`${dir}: a library of the workspace (${usedBy} depends on it, and it has no start script), skipped`);
        continue;
      }
      joinWorkspace(app, workspace, tree);
    }
    if (!app) {
      notes.push(`${dir || '.'}: no language recognised, skipped`);
      continue;
    }
    if (!app.start.length) {
      notes.push(
        `${dir || '.'}: ${app.language} code but no way to start it found (no entry point, start script or Procfile), skipped`,
      );
      continue;
    }
    apps.push(app);
  }
  if (!apps.length) {
    const unsupported = unsupportedReason(tree);
    if (unsupported) throw new AnalysisError(`Project ${projectName}: ${unsupported}`);
    throw new AnalysisError(
      `Project ${projectName}: found no deployable app (${notes.slice(-3).join('; ') || 'no recognised project files'}). Add a start command (Procfile web: ...) or point at the app's folder`,
    );
  }
  const used = new Set<string>();
  for (const app of apps) {
    let name = app.dir
      ? baseOf(app.dir)
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-')
      : 'app';
    while (used.has(name)) name += '-2';
    used.add(name);
    app.name = name;
  }
  // The tree's notes last: reads during the analysis add to them (a link out of the project met by a read).
  return { name: projectName, apps, notes: [...tree.notes, ...notes] };
}

/** Analyses one app directory; null when no language fits. */
export function analyzeApp(tree: ProjectTree, dir: string): AppAnalysis | null {
  const candidates = scoreLanguages(tree);
  const winner = candidates[0];
  if (!winner) return null;
  const findings = DETECTORS[winner.language](tree);
  const warnings: string[] = [];
  const second = candidates[1];
  if (second && second.score >= 30 && winner.score - second.score < 15) {
    warnings.push(
      `conflicting signals: ${winner.language} (${winner.score}) and ${second.language} (${second.score}); picked ${winner.language}. Put the other app in its own folder if both should be deployed`,
    );
  }
  for (const r of findings.reasons) if (r.what === 'warning') warnings.push(`${r.source}: ${r.value}`);
  const services = detectServices(tree, findings.dependencies);
  return {
    ...findings,
    reasons: [
      { what: 'language', value: winner.language, source: explainWinner(candidates) },
      ...findings.reasons.filter((r) => r.what !== 'warning'),
      ...services.reasons,
    ],
    name: '',
    dir,
    context: dir,
    language: winner.language,
    candidates,
    services: services.services,
    hasDockerfile: tree.files.includes('Dockerfile'),
    warnings,
  };
}
