// TEKTON_LABELS: labels the user (or a test run: `tekton.test=1`) wants on every Docker object aish
// creates — images, containers, Swarm services — e.g. to find or clean up one team's objects. Our
// own labels (protocol LABELS) are applied after these, so they cannot be overridden.

/** Docker's label keys: letters, digits, '.', '-', '_' and '/', starting with a letter or digit. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;

/** Parses `k=v,k2=v2` from TEKTON_LABELS; throws naming the bad entry and the expected form. */
export function extraLabels(env: Record<string, string | undefined>): Record<string, string> {
  const value = env.TEKTON_LABELS?.trim();
  if (!value) return {};
  const labels: Record<string, string> = {};
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (eq < 0 || !KEY.test(key)) {
      throw new Error(
        `TEKTON_LABELS entry '${entry}' is not key=value with a Docker label key (e.g. TEKTON_LABELS=team=shop,tekton.test=1)`,
      );
    }
    labels[key] = entry.slice(eq + 1);
  }
  return labels;
}
