// The one set of diagnosis thresholds: chat's "why is it slow?" and the diagnose-slow recipe both
// read these (the recipe bundles this file), so they never disagree about what is a problem.

/** Memory against the container limit: a warning from here (share of the limit). */
export const MEMORY_WARN_SHARE = 0.75;
/** Memory against the limit: critical (close to the OOM killer) from here. */
export const MEMORY_CRITICAL_SHARE = 0.9;
/** Container CPU (percent of one core) worth a warning. */
export const CONTAINER_CPU_WARN_PERCENT = 80;
/** One service's CPU worth a warning. */
export const SERVICE_CPU_WARN_PERCENT = 50;
/** A probe or HTTP answer slower than this is slow. */
export const SLOW_MS = 500;
/** Share of CFS periods throttled worth a finding. */
export const THROTTLED_SHARE = 0.05;
