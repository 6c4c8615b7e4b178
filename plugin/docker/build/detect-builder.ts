// Which builder the engine offers through its API. BuildKit answers `POST /build?version=2` with a
// plain tar body since API 1.39 (Engine 18.09) on Linux; no CLI or buildx is involved. Measured on
// this machine's Engine 20.10: BuildKit builds, cache mounts work, and only the `# syntax=` line must
// be left out (it makes BuildKit fetch the frontend image from Docker Hub).

/** 'buildkit' or 'classic': TEKTON_BUILDER wins, else the engine's API version and OS decide. */
export async function detectBuilder(
  docker: { version(): Promise<{ ApiVersion?: string; Os?: string }> },
  env: Record<string, string | undefined>,
): Promise<'buildkit' | 'classic'> {
  if (env.TEKTON_BUILDER === 'classic' || env.TEKTON_BUILDER === 'buildkit') return env.TEKTON_BUILDER;
  try {
    const v = await docker.version();
    const [major = 0, minor = 0] = (v.ApiVersion ?? '0.0').split('.').map(Number);
    return v.Os === 'linux' && (major > 1 || (major === 1 && minor >= 39)) ? 'buildkit' : 'classic';
  } catch {
    return 'classic';
  }
}
