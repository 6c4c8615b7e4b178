// When auto-heal may restart a service: only unhealthy/fatal ones, with exponential backoff between
// attempts and a ceiling per window, so a broken service is never restarted in a loop (LESSONS.md:
// "no runaway repeated actions").
import type { ConfirmationRequest, Request, ServiceStatus } from '../../protocol';

/** Limits of auto-heal. */
export interface HealLimits {
  /** First wait after an attempt (ms); doubles each attempt. */
  baseDelayMs: number;
  /** Attempts allowed per service within `windowMs`; then auto-heal gives up on it and says so. */
  maxAttempts: number;
  windowMs: number;
}

/** Restart after 10 s, then 20 s; at most 3 attempts per 15 minutes. */
export const DEFAULT_HEAL_LIMITS: HealLimits = { baseDelayMs: 10_000, maxAttempts: 3, windowMs: 15 * 60_000 };

/** Attempt times per `<ci>/<service>`. */
export type HealLedger = Map<string, number[]>;

/** What to do about one service now. */
export type HealDecision =
  | { kind: 'none' }
  | { kind: 'restart'; attempt: number }
  | { kind: 'wait'; untilMs: number }
  | { kind: 'give-up'; attempts: number };

/** True when the service needs healing. */
export function needsHealing(s: ServiceStatus): boolean {
  return s.health === 'unhealthy' || s.state === 'fatal';
}

/** Decides, purely from the ledger and the clock. */
export function decideHeal(
  ledger: HealLedger,
  key: string,
  service: ServiceStatus,
  nowMs: number,
  limits: HealLimits = DEFAULT_HEAL_LIMITS,
): HealDecision {
  if (!needsHealing(service)) return { kind: 'none' };
  const recent = (ledger.get(key) ?? []).filter((t) => nowMs - t < limits.windowMs);
  if (recent.length >= limits.maxAttempts) return { kind: 'give-up', attempts: recent.length };
  const last = recent.at(-1);
  if (last !== undefined) {
    const untilMs = last + limits.baseDelayMs * 2 ** (recent.length - 1);
    if (nowMs < untilMs) return { kind: 'wait', untilMs };
  }
  return { kind: 'restart', attempt: recent.length + 1 };
}

/** Records an attempt. */
export function recordHeal(
  ledger: HealLedger,
  key: string,
  nowMs: number,
  limits: HealLimits = DEFAULT_HEAL_LIMITS,
): void {
  const recent = (ledger.get(key) ?? []).filter((t) => nowMs - t < limits.windowMs);
  recent.push(nowMs);
  ledger.set(key, recent);
}

/** The structured request auto-heal sends (never chat text: a service named 'status' must heal too). */
export function healRequest(
  service: ServiceStatus,
  attempt: number,
  confirm?: string,
): Extract<Request, { type: 'control' }> {
  const why = service.state === 'fatal' ? 'fatal' : `health ${service.health}`;
  return {
    type: 'control',
    action: 'restart',
    service: service.name,
    reason: `auto-heal attempt ${attempt}: ${why}`,
    sender: 'tekton-monitor',
    ...(confirm ? { confirm } : {}),
  };
}

/** Auto-heal answers a confirmation only when it names exactly the restart it asked for. */
export function healMayConfirm(confirm: ConfirmationRequest | undefined, service: string): boolean {
  return (
    confirm !== undefined && confirm.risk === 'control' && confirm.action === 'restart' && confirm.target === service
  );
}
