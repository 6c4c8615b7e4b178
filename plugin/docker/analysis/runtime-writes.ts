// Where frameworks and runtimes write while the app runs: the defaults of a manifest's
// `writable_paths` (the app's folder is otherwise root's and read-only to the app's user).

/** Folders a framework or runtime writes while it runs, relative to the app's workdir. */
const RUNTIME_WRITES: Record<string, string[]> = {
  // Image optimisation and incremental static regeneration.
  'framework:next': ['.next/cache'],
  'framework:rails': ['tmp', 'log', 'storage'],
  'framework:laravel': ['storage', 'bootstrap/cache'],
  // DENO_DIR is /app/.deno: modules imported at run time are cached there.
  'language:deno': ['.deno'],
  // mix checks and may recompile on start; MIX_HOME and HEX_HOME are under /app.
  'language:elixir': ['_build', '.mix', '.hex'],
};

/** The default `writable_paths` of an app's main service (its framework's and runtime's). */
export function defaultWritablePaths(language: string | null, framework: string | null): string[] {
  return [...(RUNTIME_WRITES[`language:${language}`] ?? []), ...(RUNTIME_WRITES[`framework:${framework}`] ?? [])];
}
