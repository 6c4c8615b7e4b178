// The docker part of the plugin as a library: what `ergon run`, the demo and tests call.
export { dockerFamily } from './family';
export {
  planProject,
  MANIFEST_PATH,
  type ProjectPlan,
  type PlanOptions,
  type PlanSummary,
  type AppPlan,
} from './plan-project';
export { generateProject, type GenerateOptions, type GenerateResult } from './generate-project';
export { buildProject, type BuildOptions, type BuiltImage } from './build-project';
export { lintDockerfile, type LintFinding } from './dockerfile/lint-dockerfile';
export { plainProgress, ttyProgress, silentProgress } from './build/progress';
export { BuildError, type BuildProgress } from './build/run-build';
export { CiAssetsMissing, findCiAssetsDir, CI_ASSETS_REPO } from './build/ci-assets-image';
export { readBuilds, readBuildsFile, type BuildRecord } from './build/build-registry';
export { AnalysisError } from './analysis/analyze-project';
export { ProjectNotFound, resolveProject } from './project/resolve-project';
export { startDockerServer } from './project/serve-http';
