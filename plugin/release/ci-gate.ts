// The gate of a `ci-approved` stage, decided from what the container CIs of the stage before said:
// every CI answers, every service healthy, none restarted and no anomaly within the soak window,
// and the version has run there for the whole window. Pure: the caller brings the answers.
import type { ServiceStatus } from '../../protocol';

/** One CI's answer, as the gate needs it. */
export interface GateWitness {
  ci_name: string;
  reachable: boolean;
  error: string | null;
  services: ServiceStatus[];
  /** Anomalies the CI flagged (from its status reply), in its own words. */
  anomalies: string[];
}

/** The gate's verdict: the reasons name the CI, the service and why. */
export interface GateVerdict {
  open: boolean;
  reasons: string[];
}

/** Decides a ci-approved gate. */
export function decideCiGate(opts: {
  stage: string;
  soakSeconds: number;
  runningSince: Date;
  now: Date;
  witnesses: GateWitness[];
}): GateVerdict {
  const reasons: string[] = [];
  const ranFor = Math.max(0, (opts.now.getTime() - opts.runningSince.getTime()) / 1000);
  if (ranFor < opts.soakSeconds) {
    reasons.push(
      `the version has run in ${opts.stage} for ${Math.floor(ranFor)} s of its ${opts.soakSeconds} s soak window`,
    );
  }
  if (!opts.witnesses.length) reasons.push(`no container CI of ${opts.stage} is running`);
  for (const w of opts.witnesses) {
    if (!w.reachable) {
      reasons.push(`${w.ci_name} does not answer (${w.error ?? 'no reply'})`);
      continue;
    }
    for (const s of w.services) {
      if (s.state !== 'running' || s.health !== 'healthy')
        reasons.push(`${w.ci_name}: service ${s.name} is ${s.state === 'running' ? s.health : s.state}`);
      else if (s.restarts > 0 && s.uptime_s !== null && s.uptime_s < Math.min(ranFor, opts.soakSeconds)) {
        reasons.push(
          `${w.ci_name}: service ${s.name} restarted ${Math.round(s.uptime_s)} s ago, inside the soak window`,
        );
      }
    }
    for (const a of w.anomalies) reasons.push(`${w.ci_name}: ${a}`);
  }
  return { open: reasons.length === 0, reasons };
}
