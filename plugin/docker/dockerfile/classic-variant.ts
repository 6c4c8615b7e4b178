// The classic builder (no BuildKit) rejects `RUN --mount`. When the engine offers no BuildKit
// through its API, the build uses this variant of the generated Dockerfile: the same steps
// without cache or secret mounts (the package environment needs BuildKit), with pip told not to
// keep its cache in the layer instead.

/** The Dockerfile text without cache mounts (pip gets --no-cache-dir where a mount covered it). */
export function toClassicBuilder(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      if (!/^\s*RUN\s+--mount=/.test(line)) return line;
      const stripped = line.replace(/--mount=type=(?:cache|secret),\S+\s+/g, '');
      return stripped.replace(/\bpip install (?!--no-cache-dir)/g, 'pip install --no-cache-dir ');
    })
    .join('\n');
}
