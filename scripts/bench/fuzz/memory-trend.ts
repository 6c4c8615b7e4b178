// Whether memory stays bounded across a run (pure): the samples taken after each batch level off
// rather than keep climbing. The last third's peak may not pass the first third's by more than a
// quarter plus a margin (a heap that grew to its working size early and stays there is bounded; one
// that grows with the number of inputs is not).

/** Null when the samples level off, else what grew. */
export function memoryGrowth(samples: number[], marginBytes = 16 * 2 ** 20): string | null {
  const known = samples.filter((s) => s > 0);
  if (known.length < 6) return null;
  const third = Math.floor(known.length / 3);
  const early = Math.max(...known.slice(0, third));
  const late = Math.max(...known.slice(-third));
  if (late <= early * 1.25 + marginBytes) return null;
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  return `peak ${mb(early)} in the first third of the run, ${mb(late)} in the last: still growing`;
}
