// The anomalies a CI's status reply carries: per service (`services[].anomalies`, what the CI's
// learning sends), or a top-level list from any CI that sends one. Null when the CI reports none
// of either kind (it predates the learning), so the page can say so instead of "none flagged".
import type { Anomaly, Reply } from '../../protocol';

type StatusReply = Extract<Reply, { type: 'status_response' }>;

/** Every anomaly in a status reply, service by service; null when this CI does not report them. */
export function anomaliesOfStatus(status: StatusReply | null): Anomaly[] | null {
  if (!status) return null;
  const top = (status as { anomalies?: unknown }).anomalies;
  const services = Array.isArray(status.services) ? status.services : [];
  const reports = Array.isArray(top) || services.some((s) => Array.isArray(s.anomalies));
  if (!reports) return null;
  const all: Anomaly[] = Array.isArray(top) ? top.filter(isAnomaly) : [];
  for (const s of services) {
    for (const a of Array.isArray(s.anomalies) ? s.anomalies : [])
      if (isAnomaly(a)) all.push({ ...a, service: a.service || s.name });
  }
  return all;
}

function isAnomaly(a: unknown): a is Anomaly {
  return typeof a === 'object' && a !== null && typeof (a as Anomaly).text === 'string';
}
