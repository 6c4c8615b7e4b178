// Whether node_modules matches package-lock.json, decided by content (used by bootstrap.mjs, which
// runs before npm install and so may use nothing but Node). Plain ESM, no dependencies.

/**
 * Names of lockfile packages that node_modules lacks or holds at another version, given the parsed
 * package-lock.json and node_modules/.package-lock.json (null when absent or unreadable).
 * Optional and peer packages are not required (they may legitimately be missing on this platform).
 */
export function stalePackages(lock, installed) {
  if (!lock?.packages) return [];
  if (!installed?.packages) return ['(node_modules has no .package-lock.json)'];
  const stale = [];
  for (const [path, meta] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || meta.optional || meta.peer) continue;
    const have = installed.packages[path];
    if (!have || (meta.version && have.version !== meta.version)) stale.push(path.slice('node_modules/'.length));
  }
  return stale;
}
