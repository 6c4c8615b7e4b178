// Placeholder; the build half provides the real implementation (CA, proxy and index settings).
/** A package tool whose dependency step may need the user's package environment. */
export type PackageTool = 'pip' | 'npm' | 'yarn' | 'pnpm' | 'bun' | 'go' | 'cargo' | 'maven' | 'gradle' | 'composer' | 'bundler' | 'deno' | 'apt' | 'git';
/** The RUN line of a dependency step. */
export function dependencyRun(tool: PackageTool, command: string, opts: { cache?: string } = {}): string {
  void tool;
  return opts.cache ? `RUN --mount=type=cache,target=${opts.cache} ${command}` : `RUN ${command}`;
}
