// Structured control: restart, stop or start one service, behind the CI's one confirmation store.
// The `control` request and chat's control intents both come here; the host's monitor and auto-heal
// send `control` requests, never chat text.
import type { ConfirmationRequest, ControlAction, ServiceStatus } from '../../protocol';
import type { ConfirmationStore } from '../confirmations';

/** What control needs from the CI. */
export interface ControlWorld {
  services(): ServiceStatus[];
  control(action: ControlAction, service: string, reason: string): Promise<{ ok: boolean; detail: string }>;
  confirmations: ConfirmationStore;
}

/** A control request, from the wire or from chat. */
export interface ControlRequest {
  action: ControlAction;
  service: string;
  reason?: string;
  confirm?: string;
  sender: string;
}

/** The outcome: done (ok or not), a confirmation to send back, or an error with its code. */
export type ControlOutcome =
  | { kind: 'done'; ok: boolean; detail: string }
  | { kind: 'confirm'; detail: string; confirm: ConfirmationRequest }
  | { kind: 'error'; code: 'not_found' | 'refused'; detail: string };

/** The key a control token is bound to. */
export const controlKey = (action: ControlAction, service: string): string => `control:${action}:${service}`;

/** "No service 'x' in this container; it runs: a, b." */
export function noSuchService(name: string, services: ServiceStatus[]): string {
  return `No service '${name}' in this container; it runs: ${services.map((s) => s.name).join(', ') || 'nothing'}.`;
}

/** Asks for a confirmation, or (with a valid token for exactly this action) acts. */
export async function requestControl(world: ControlWorld, req: ControlRequest): Promise<ControlOutcome> {
  const services = world.services();
  if (!services.some((s) => s.name === req.service))
    return { kind: 'error', code: 'not_found', detail: noSuchService(req.service, services) };
  const reason = (req.reason ?? '').slice(0, 200);
  if (req.confirm) {
    const used = world.confirmations.consume(req.confirm, controlKey(req.action, req.service));
    if (!used.ok) return { kind: 'error', code: 'refused', detail: `Refused: ${used.reason}` };
    const r = await world.control(req.action, req.service, `${reason || 'asked'} (by ${req.sender})`);
    return { kind: 'done', ok: r.ok, detail: r.detail };
  }
  const verb = req.action.charAt(0).toUpperCase() + req.action.slice(1);
  const prompt = `${verb} ${req.service}?${reason ? ` (${reason})` : ''}`;
  const confirm = world.confirmations.issue({
    action: req.action,
    target: req.service,
    key: controlKey(req.action, req.service),
    risk: 'control',
    prompt,
    payload: { reason },
  });
  return { kind: 'confirm', detail: `${prompt} Send the confirm token back to go ahead.`, confirm };
}
