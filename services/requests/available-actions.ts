import type { Actor, CommandType, ServiceRequest } from './request-types.js';
import { actingRole, samePerson, workflowRules, type Rejection } from './request-workflow.js';

/** The buttons a request card can show. */
export type RequestAction =
  | 'take'
  | 'request-info'
  | 'hold'
  | 'resume'
  | 'set-service'
  | 'open-form'
  | 'check-availability'
  | 'finish'
  | 'reject'
  | 'reassign'
  | 'cancel'
  | 'release-booking'
  | 'record-delivery';

const commandOf: Record<RequestAction, CommandType> = {
  take: 'take',
  'request-info': 'request-info',
  hold: 'hold',
  resume: 'resume',
  'set-service': 'set-service',
  'open-form': 'save-form',
  'check-availability': 'record-booking',
  finish: 'finish',
  reject: 'reject',
  reassign: 'reassign',
  cancel: 'cancel',
  'release-booking': 'release-booking',
  'record-delivery': 'record-delivery',
};

/** Whether the request's booked event has ended at `now` (the after-event steps wait for it). */
const eventEnded = (request: ServiceRequest, now: Date) => Boolean(request.booking && now >= request.booking.end);

/**
 * The actions `actor` may take on `request` now, read from the status machine's own rules (so a
 * card never offers what the machine would refuse). The form and availability need the service;
 * the delivery record, the booked event ended at `now`.
 */
export function availableActions(request: ServiceRequest, actor: Actor, now: Date = new Date()): RequestAction[] {
  return (Object.keys(commandOf) as RequestAction[]).filter((action) => {
    const rule = workflowRules[commandOf[action]];
    if (!rule.from.includes(request.status)) return false;
    if ((action === 'open-form' || action === 'check-availability') && !request.service) return false;
    if (action === 'release-booking' && !request.booking) return false;
    if (action === 'record-delivery' && !eventEnded(request, now)) return false;
    return actingRole(actor, request, { type: 'take' }, rule.roles) !== undefined && (action !== 'reassign' || !actor.system);
  });
}

/**
 * Why `actor` may not take `action` on `request` now — the rejection the status machine would
 * give its command — or `null` when they may. For the actions that only show something (the
 * form, availability) and so never reach the machine themselves.
 */
export function actionRefusal(request: ServiceRequest, actor: Actor, action: RequestAction, now: Date = new Date()): Rejection | null {
  if (availableActions(request, actor, now).includes(action)) return null;
  const command = commandOf[action];
  const rule = workflowRules[command];
  if (!rule.from.includes(request.status)) return { code: 'not-allowed-from-status', command, status: request.status };
  if (action === 'record-delivery' && !eventEnded(request, now) && actingRole(actor, request, { type: 'take' }, rule.roles)) {
    return request.booking ? { code: 'event-not-ended', command, endsAt: request.booking.end } : { code: 'missing-input', command, field: 'booking' };
  }
  if (!request.service) return { code: 'missing-input', command, field: 'service' };
  return { code: 'not-authorised', command, allowedRoles: rule.roles };
}

/** Whether `actor` may see `request` at all: anyone with a role in the procedure, or its requester. */
export function maySee(request: ServiceRequest, actor: Actor): boolean {
  return actor.roles.length > 0 || samePerson(request.requester, actor);
}
